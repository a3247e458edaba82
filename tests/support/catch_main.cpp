// Catch2 v2 main for every LanTian test executable: MPI is initialised around the session so
// that tests may use MPI_COMM_WORLD (singleton without mpirun, or under mpirun -np N).
#define CATCH_CONFIG_RUNNER
#include <mpi.h>
#include <catch2/catch.hpp>

#include <cfenv>

int main(int argc, char* argv[]) {
#ifdef LANTIAN_FP_TRAPS
  // Division by zero, invalid operations and overflow stop the test with SIGFPE where they
  // happen (LANTIAN_ENABLE_FP_TRAPS; the dev preset), as in the `lantian` program.
  feenableexcept(FE_DIVBYZERO | FE_INVALID | FE_OVERFLOW);
#endif
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  Catch::Session session;
  int rc = session.applyCommandLine(argc, argv);
  if (rc == 0) {
    // Only rank 0 reports; every rank runs the same tests.
    if (rank != 0) session.configData().outputFilename = "%debug";
    rc = session.run();
  }
  // A failure on any rank fails the test on all of them.
  int global_rc = 0;
  MPI_Allreduce(&rc, &global_rc, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  MPI_Finalize();
  return global_rc;
}
