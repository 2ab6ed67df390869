# smc_add_library(NAME DIR <folder> [LIBS ...])
# One static library per top-level folder. Sources are globbed so that the folder's
# owners add files without touching shared CMake files; CONFIGURE_DEPENDS keeps the
# glob honest when files come and go.
function(smc_add_library name)
  cmake_parse_arguments(ARG "" "DIR" "LIBS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${ARG_DIR}/*.cc)
  list(FILTER srcs EXCLUDE REGEX "/(lab|fuzz)/")
  if(srcs)
    add_library(${name} STATIC ${srcs})
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} PUBLIC ${ARG_LIBS})
  else()
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} INTERFACE ${ARG_LIBS})
  endif()
endfunction()
