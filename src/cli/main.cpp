// ccsalvage: offline forensic repair and migration of damaged Lotus cc:Mail post offices.
// This file only wires the command line to the commands in ccsalvage_app.
#include "cli/app.hpp"

int main(int argc, char** argv) { return ccsalvage::cli::run(argc, argv); }
