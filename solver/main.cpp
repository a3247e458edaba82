// lantian: the one program. `lantian case.toml` runs a case (under mpirun or alone);
// `lantian <command> ...` runs a tool (products, synthetic met, mechanisms).
//   parse -> grid -> meteo -> emissions -> run -> outputs   (solver/timeloop/model.hpp)
#include <mpi.h>

#include <boost/program_options.hpp>
#include <cfenv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "solver/commands/command_assimilate.hpp"
#include "solver/commands/command_attribute.hpp"
#include "solver/commands/command_box.hpp"
#include "solver/commands/command_mechanism.hpp"
#include "solver/commands/command_products.hpp"
#include "solver/commands/command_synth_met.hpp"
#include "solver/config/case_config.hpp"
#include "solver/core/error.hpp"
#include "solver/core/log.hpp"
#include "solver/core/version.hpp"
#include "solver/forecast/cycle.hpp"
#include "solver/nesting/nest_run.hpp"
#include "solver/output/nc_sink.hpp"
#include "solver/timeloop/model.hpp"

namespace po = boost::program_options;
using namespace lantian;

namespace {

using Command = int (*)(int, char**);

/// Sub-commands: name -> (function, one-line help).
const std::map<std::string, std::pair<Command, std::string>>& commands() {
  static const std::map<std::string, std::pair<Command, std::string>> table = {
      {"synth-met", {meteo::command_synth_met, "write synthetic WRF-format met for the Yantai domain"}},
      {"box", {chem::command_box, "box model: one air parcel, a mechanism, a sun (KPP-style)"}},
      {"mechanism", {chem::command_mechanism, "read a chemical mechanism and print it (dry run)"}},
      {"aqi", {products::command_aqi, "air-quality indices and compliance (HJ 633, US EPA)"}},
      {"warn", {products::command_warn, "heavy-pollution warning by zone, and the response scenario"}},
      {"compare", {products::command_compare, "base vs scenario runs by zone and day"}},
      {"evaluate", {products::command_evaluate, "model vs station observations"}},
      {"attribute", {products::command_attribute, "source attribution by receptor zone and day (S_contrib)"}},
      {"assimilate", {assimilation::command_assimilate, "stations into a checkpoint (optimal interpolation)"}},
  };
  return table;
}

void print_usage(const po::options_description& desc) {
  std::cout << "LanTian " << k_version << " — a parallel regional air-quality model\n\n"
            << "Usage:\n  lantian CASE.toml [--set key=value ...]       run a case\n"
            << "  mpirun -np N lantian CASE.toml                 run it on N ranks\n"
            << "  mpirun -np N lantian forecast CYCLE.toml --date YYYY-MM-DD   one daily forecast cycle\n"
            << "  mpirun -np N lantian nest NEST.toml [--check]  nested domains in one run (docs/nesting.md)\n"
            << "  lantian COMMAND --help                         tools:\n";
  for (const auto& [name, c] : commands())
    std::cout << "    " << name << std::string(14 - std::min<size_t>(13, name.size()), ' ') << c.second << '\n';
  std::cout << '\n' << desc << "\nEvery case key is listed in docs/configuration.md (lantian --config-doc).\n";
}

int run_case(int argc, char** argv, int rank, int nranks) {
  po::options_description desc("Options");
  desc.add_options()("help,h", "print this help")("version", "print the version")(
      "config-doc", "print the documentation of every case key (Markdown)")(
      "set,s", po::value<std::vector<std::string>>()->composing(), "override a case key: --set grid.nx=120")(
      "restart", po::value<std::string>(), "start from this checkpoint file")(
      "check", "validate the case and its inputs (everything but the run itself) and exit")(
      "quiet,q", "print errors only")("verbose,v", "print debug information");
  po::options_description hidden;
  hidden.add_options()("case", po::value<std::string>(), "case file");
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description pos;
  pos.add("case", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(std::string("command line: ") + e.what() + " (see lantian --help)");
  }
  log::init(rank, vm.count("quiet") ? 0 : vm.count("verbose") ? 2 : 1);
  if (vm.count("help")) {
    if (rank == 0) print_usage(desc);
    return 0;
  }
  if (vm.count("version")) {
    if (rank == 0) std::cout << "lantian " << k_version << "\nparallel I/O: " << k_parallel_io << '\n';
    return 0;
  }
  const config::Schema schema = timeloop::full_schema();
  if (vm.count("config-doc")) {
    if (rank == 0) std::cout << config::markdown_doc(schema);
    return 0;
  }
  if (!vm.count("case")) throw Error("no case file given (see lantian --help)");
  std::vector<std::string> overrides;
  if (vm.count("set")) overrides = vm["set"].as<std::vector<std::string>>();
  if (vm.count("restart")) overrides.push_back("checkpoint.restart_file=\"" + vm["restart"].as<std::string>() + "\"");
  const auto cfg = config::CaseConfig::load(schema, vm["case"].as<std::string>(), overrides);
  log::info("LanTian " + std::string(k_version) + ", case " + cfg.path() + ", " + std::to_string(nranks) + " rank(s)");
  // Everything is set up (and so checked) the same way for --check as for a run: grid, met,
  // species, mechanism, emissions, processes, output; then the checks that need no step.
  timeloop::Model model(cfg, MPI_COMM_WORLD);
  if (vm.count("check")) {
    model.preflight();
    if (rank == 0)
      std::cout << "case is valid: " << cfg.path() << " (" << model.state().nspecies() << " species; output "
                << model.output_path() << ")\n";
    return 0;
  }
  model.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
#ifdef LANTIAN_FP_TRAPS
  // Division by zero, invalid operations and overflow stop the program with SIGFPE where they
  // happen (LANTIAN_ENABLE_FP_TRAPS; the dev preset). Threads started later inherit the mask.
  feenableexcept(FE_DIVBYZERO | FE_INVALID | FE_OVERFLOW);
#endif
  // Tools run without MPI when they are called by name.
  if (argc > 1) {
    auto it = commands().find(argv[1]);
    if (it != commands().end()) {
      try {
        return it->second.first(argc - 1, argv + 1);
      } catch (const Error& e) {
        std::cerr << "lantian " << argv[1] << ": error: " << e.full_message() << '\n';
        return 1;
      } catch (const std::exception& e) {
        std::cerr << "lantian " << argv[1] << ": error: " << e.what() << '\n';
        return 1;
      }
    }
  }
  int provided = 0;
  output::prefer_romio_before_mpi_init();  // parallel I/O: docs/parallel-io.md
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  int rank = 0, nranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &nranks);
  int rc = 0;
  std::string message;
  bool on_every_rank = false;
  try {
    // The forecast cycle runs the model (under MPI) and the products.
    if (argc > 1 && std::string(argv[1]) == "forecast")
      rc = forecast::command_forecast(argc - 1, argv + 1, MPI_COMM_WORLD);
    else if (argc > 1 && std::string(argv[1]) == "nest") rc = nesting::command_nest(argc - 1, argv + 1, MPI_COMM_WORLD);
    else rc = run_case(argc, argv, rank, nranks);
  } catch (const Error& e) {
    message = e.full_message();
    on_every_rank = e.on_every_rank();
  } catch (const std::exception& e) {
    message = std::string("unexpected failure: ") + e.what();
  }
  if (!message.empty()) {
    // Print once: rank 0 speaks for an error every rank holds (the ranks agreed on it, so rank 0
    // is here too and its MPI_Abort ends the others while they wait; should it not come, they
    // go on after a while); a rank that fails alone prints its own. Then stop every rank: no
    // hang, non-zero exit.
    if (on_every_rank && rank != 0 && nranks > 1) std::this_thread::sleep_for(std::chrono::seconds(10));
    std::cerr << "lantian: error" << (nranks > 1 ? " (rank " + std::to_string(rank) + ")" : "") << ": " << message
              << '\n';
    std::cerr.flush();
    if (nranks > 1) MPI_Abort(MPI_COMM_WORLD, 1);
    MPI_Finalize();
    // Every file the run wrote is closed by now (or left under its temporary name). Skip the
    // libraries' exit handlers: after a failed write (a full device) HDF5's own clean-up of the
    // file it could not close crashes, which would hide the message above behind a signal.
    std::_Exit(1);
  }
  MPI_Finalize();
  return rc;
}
