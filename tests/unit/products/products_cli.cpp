// Test-only dispatcher of the product sub-commands without MPI start-up, for the plotting
// scripts' test: `lantian_products_cli aqi|warn|compare|evaluate ...`.
#include <cstring>
#include <iostream>

#include "solver/commands/command_products.hpp"
#include "solver/core/error.hpp"

int main(int argc, char** argv) {
  using namespace lantian::products;
  if (argc < 2) {
    std::cerr << "usage: lantian_products_cli aqi|warn|compare|evaluate [--help]\n";
    return 2;
  }
  int (*cmd)(int, char**) = nullptr;
  if (!std::strcmp(argv[1], "aqi")) cmd = command_aqi;
  else if (!std::strcmp(argv[1], "warn")) cmd = command_warn;
  else if (!std::strcmp(argv[1], "compare")) cmd = command_compare;
  else if (!std::strcmp(argv[1], "evaluate")) cmd = command_evaluate;
  if (!cmd) {
    std::cerr << "unknown command " << argv[1] << '\n';
    return 2;
  }
  try {
    return cmd(argc - 1, argv + 1);
  } catch (const lantian::Error& e) {
    std::cerr << "lantian " << argv[1] << ": error: " << e.full_message() << '\n';
  } catch (const std::exception& e) {
    std::cerr << "lantian " << argv[1] << ": error: " << e.what() << '\n';
  }
  return 1;
}
