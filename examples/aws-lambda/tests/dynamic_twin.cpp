// A dynamically linked program (libstdc++.so, glibc): aws.package.elf_checker_refuses_dynamic
// checks that check_elf.py refuses it, so the ELF check is known to be able to fail.
#include <iostream>
#include <string>

int main(int argc, char**) {
  std::string text = "dynamic " + std::to_string(argc);
  std::cout << text << '\n';
}
