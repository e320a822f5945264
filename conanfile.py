"""Conan 2 recipe for flasky, a header-only C++20 library for Flask-like HTTP routing.

    conan create . -pr <profile with compiler.cppstd=20>

The package is what `cmake --install` puts in a prefix (tests, examples and benchmarks off),
minus flasky's own CMake package files: Conan's CMakeDeps generates the consumer's
flaskyConfig.cmake with the target flasky::flasky instead.
"""
import os

from conan import ConanFile
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import copy, rmdir

required_conan_version = ">=2.0"


class FlaskyConan(ConanFile):
    name = "flasky"
    version = "0.1.0"
    description = "Flask-like HTTP routing for C++20, header-only"
    license = "MIT"
    topics = ("http", "routing", "web", "header-only")
    package_type = "header-library"
    settings = "os", "arch", "compiler", "build_type"
    exports_sources = "include/*", "cmake/*", "CMakeLists.txt", "LICENSE"
    no_copy_source = True

    def layout(self):
        cmake_layout(self)

    def requirements(self):
        # flasky's headers include Boost's, and programs that use flasky link Boost.JSON/URL.
        self.requires("boost/1.81.0", transitive_headers=True, transitive_libs=True)

    def validate(self):
        check_min_cppstd(self, 20)

    def package_id(self):
        self.info.clear()

    def generate(self):
        toolchain = CMakeToolchain(self)
        toolchain.cache_variables["FLASKY_BUILD_TESTS"] = False
        toolchain.cache_variables["FLASKY_BUILD_EXAMPLES"] = False
        toolchain.cache_variables["FLASKY_BUILD_BENCHMARKS"] = False
        toolchain.cache_variables["FLASKY_INSTALL"] = True
        toolchain.generate()
        CMakeDeps(self).generate()

    def build(self):
        # Nothing to compile: configuring generates the install rules that package() runs.
        CMake(self).configure()

    def package(self):
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))
        CMake(self).install()
        rmdir(self, os.path.join(self.package_folder, "share"))

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.set_property("cmake_file_name", "flasky")
        self.cpp_info.set_property("cmake_target_name", "flasky::flasky")
        self.cpp_info.requires = ["boost::headers", "boost::json", "boost::url"]
