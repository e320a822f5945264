"""Conan 2 recipe for flasky, a header-only C++20 library for Flask-like HTTP routing.

    conan create . -pr <profile with compiler.cppstd=20>

The package is what `cmake --install` puts in a prefix (tests, examples and benchmarks off),
minus flasky's own CMake package files: Conan's CMakeDeps generates the consumer's
flaskyConfig.cmake instead, with the same targets as the CMake project: flasky::flasky (the core)
and the opt-in flasky::net, flasky::sqlite and flasky::aws as components.
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
        # CMakeDeps writes its own config; it loads this module for flasky_add_lambda_package.
        copy(self, "FlaskyLambda.cmake", os.path.join(self.source_folder, "cmake"),
             os.path.join(self.package_folder, "cmake"))

    def package_info(self):
        # One component per CMake target of the project, with the same names. flasky::flasky is
        # the core alone, as in CMake; the opt-in bindings link their libraries from the
        # system (headers in the default search path), as the CMake package does with
        # find_dependency(Threads/SQLite3/OpenSSL).
        self.cpp_info.set_property("cmake_file_name", "flasky")
        # CMakeDeps always makes a target that links every component; it must not be called
        # flasky::flasky (that one is the core component), so it gets a Conan-only name.
        self.cpp_info.set_property("cmake_target_name", "flasky::all")
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.builddirs = ["cmake"]
        self.cpp_info.set_property("cmake_build_modules", ["cmake/FlaskyLambda.cmake"])

        def component(name, target, requires, system_libs=()):
            c = self.cpp_info.components[name]
            c.set_property("cmake_target_name", target)
            c.bindirs = []
            c.libdirs = []
            c.requires = list(requires)
            c.system_libs = list(system_libs)
            return c

        component("core", "flasky::flasky", ["boost::headers", "boost::json", "boost::url"])
        threads = ["pthread"] if self.settings.os in ("Linux", "FreeBSD") else []
        component("net", "flasky::net", ["core"], threads)     # Threads::Threads
        component("sqlite", "flasky::sqlite", ["core"], ["sqlite3"])  # SQLite::SQLite3
        component("aws", "flasky::aws", ["core"], ["ssl", "crypto"])  # OpenSSL::SSL, ::Crypto
