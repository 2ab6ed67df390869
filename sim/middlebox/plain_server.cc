#include "sim/middlebox/plain_server.h"

namespace smc::sim::middlebox {

PlainServer::PlainServer(ports::StreamTransport& transport, ports::Endpoint local, Behaviour behaviour)
    : transport_(transport), behaviour_(std::move(behaviour)) {
  ports::ListenRequest req;
  req.local = local;
  req.on_acceptable = [this] { accept_all(); };
  // No on_syn: a plain server's SYN-ACK carries only the stack's own options.
  auto l = transport_.listen(std::move(req));
  if (l) listener_ = std::move(*l);
}

void PlainServer::accept_all() {
  while (listener_) {
    auto c = listener_->accept();
    if (!c) return;
    std::size_t index = connections_.size();
    connections_.push_back(std::move(*c));
    received_.emplace_back();
    ports::StreamEvents ev;
    ev.on_readable = [this, index] { on_readable(index); };
    connections_[index]->set_events(std::move(ev));
    if (behaviour_.banner) (void)connections_[index]->send(*behaviour_.banner);
    if (connections_[index]->readable_bytes() > 0) on_readable(index);
  }
}

void PlainServer::on_readable(std::size_t index) {
  auto& c = connections_[index];
  while (true) {
    auto data = c->recv(1 << 16);
    if (!data) return;
    if (data->empty()) {  // peer FIN: finish our side too
      c->close();
      return;
    }
    received_[index].insert(received_[index].end(), data->begin(), data->end());
    wire::Bytes answer = behaviour_.reply ? behaviour_.reply(*data) : *data;
    if (!answer.empty()) (void)c->send(answer);
    if (behaviour_.close_after_reply) {
      c->close();
      return;
    }
  }
}

}  // namespace smc::sim::middlebox
