# Installation: headers, the shared library, and a CMake package so that users write
#   find_package(sinter REQUIRED)  target_link_libraries(app PRIVATE sinter::sinter)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
install(TARGETS sinter EXPORT sinterTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/sinter DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT sinterTargets NAMESPACE sinter:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/sinter)
configure_package_config_file(cmake/sinterConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/sinterConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/sinter)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/sinterConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/sinterConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/sinterConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/sinter)

# pkg-config: c++ -std=c++20 app.cpp $(pkg-config --cflags --libs sinter). The file locates the
# prefix from its own directory, so it stays right under `cmake --install --prefix elsewhere`.
file(RELATIVE_PATH SINTER_PC_RELATIVE_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" SINTER_PC_RELATIVE_PREFIX "${SINTER_PC_RELATIVE_PREFIX}")
set(SINTER_PC_EXTRA_CFLAGS "")
if(SINTER_WITH_LLVM)
  string(APPEND SINTER_PC_EXTRA_CFLAGS " -DSINTER_WITH_LLVM=1")
endif()
if(SINTER_WITH_CUDA)
  string(APPEND SINTER_PC_EXTRA_CFLAGS " -DSINTER_WITH_CUDA=1")
endif()
foreach(dir IN LISTS Boost_INCLUDE_DIRS)  # the public headers use Boost.Hana
  if(NOT dir IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
    string(APPEND SINTER_PC_EXTRA_CFLAGS " -I${dir}")
  endif()
endforeach()
configure_file(cmake/sinter.pc.in ${CMAKE_CURRENT_BINARY_DIR}/sinter.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/sinter.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The user documentation.
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} FILES_MATCHING PATTERN "*.md")
