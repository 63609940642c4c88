#include "cli/app.hpp"

int main(int argc, char** argv) {
  return echri::cli::run(argc, argv);
}
