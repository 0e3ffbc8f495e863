# Each component is a static library made of every .cpp/.h in its folders, so
# adding a file needs no CMake edit and a half-written file in one component
# cannot break the build of another.
function(pw_component name)
  cmake_parse_arguments(PW "" "" "DIRS;PUBLIC;PRIVATE" ${ARGN})
  set(sources "")
  foreach(dir IN LISTS PW_DIRS)
    file(GLOB found CONFIGURE_DEPENDS
      "${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*.cpp"
      "${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*.h")
    list(APPEND sources ${found})
  endforeach()
  list(FILTER sources INCLUDE REGEX "\\.cpp$")
  if(sources STREQUAL "")
    # Nothing to compile yet (headers only): an interface library keeps the graph intact.
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE "${PROJECT_SOURCE_DIR}")
    target_link_libraries(${name} INTERFACE ${PW_PUBLIC})
    return()
  endif()
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC "${PROJECT_SOURCE_DIR}")
  target_link_libraries(${name} PUBLIC ${PW_PUBLIC} PRIVATE ${PW_PRIVATE})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()
