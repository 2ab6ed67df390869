#pragma once
// EventFn: the callable an event runs. A type-erased `void()` with 48 bytes of inline
// storage, so that the lambdas the simulator schedules (an actor pointer, a tag, a
// packet handle...) cost no heap allocation; larger callables fall back to one.
//
// It lives in the event queue's slot storage, which never moves, so EventFn is neither
// copyable nor movable: construct it in place with emplace(), run it, reset() it.
#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace smc::sim {

class EventFn {
 public:
  static constexpr std::size_t kInlineBytes = 48;

  EventFn() = default;
  ~EventFn() { reset(); }
  EventFn(const EventFn&) = delete;
  EventFn& operator=(const EventFn&) = delete;

  template <typename F>
  void emplace(F&& f) {
    using Fn = std::decay_t<F>;
    static_assert(std::is_invocable_r_v<void, Fn&>, "an event is a callable taking no arguments");
    reset();
    if constexpr (fits_inline<Fn>()) {
      ::new (static_cast<void*>(buf_)) Fn(std::forward<F>(f));
      ops_ = &inline_ops<Fn>;
    } else {
      Fn* p = new Fn(std::forward<F>(f));
      std::memcpy(buf_, &p, sizeof p);
      ops_ = &heap_ops<Fn>;
    }
  }

  bool has_value() const { return ops_ != nullptr; }
  void operator()() { ops_->invoke(buf_); }

  void reset() {
    if (ops_ != nullptr) {
      if (ops_->destroy != nullptr) ops_->destroy(buf_);
      ops_ = nullptr;
    }
  }

 private:
  struct Ops {
    void (*invoke)(void*);
    void (*destroy)(void*);  // null when there is nothing to do (trivial inline callables)
  };

  template <typename Fn>
  static constexpr bool fits_inline() {
    return sizeof(Fn) <= kInlineBytes && alignof(Fn) <= alignof(std::max_align_t) &&
           alignof(Fn) <= 8;
  }

  template <typename Fn>
  static constexpr Ops inline_ops{
      [](void* p) { (*std::launder(static_cast<Fn*>(p)))(); },
      std::is_trivially_destructible_v<Fn>
          ? nullptr
          : +[](void* p) { std::launder(static_cast<Fn*>(p))->~Fn(); }};

  template <typename Fn>
  static Fn* heap_ptr(void* p) {
    Fn* f;
    std::memcpy(&f, p, sizeof f);
    return f;
  }
  template <typename Fn>
  static constexpr Ops heap_ops{[](void* p) { (*heap_ptr<Fn>(p))(); },
                                [](void* p) { delete heap_ptr<Fn>(p); }};

  const Ops* ops_ = nullptr;
  alignas(8) unsigned char buf_[kInlineBytes];
};

}  // namespace smc::sim
