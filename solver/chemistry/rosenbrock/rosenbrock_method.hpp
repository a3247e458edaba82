#pragma once
// The Rosenbrock methods' coefficients (ROS3 and RODAS3 of Sandu et al. 1997,
// doi:10.1016/S1352-2310(97)00059-9, in the form of Hairer & Wanner 1996) and the per-cell
// step-size controller, shared by the vectorised block kernels and the dense scalar reference.
//
// Everything here is constexpr data or has internal linkage (anonymous namespace, on
// purpose in a header): the block kernels are compiled once per instruction set, and an
// inline function with external linkage could be linked from the wrong one.
#include <cmath>

#include "solver/chemistry/rosenbrock/rosenbrock.hpp"

namespace lantian::chem::detail {
namespace {

/// Stage i uses y + sum_j a_ij K_j (a new f when new_f[i]) and solves
/// (I/(h gamma) - J) K_i = f_i + sum_j (c_ij / h) K_j; y_new = y + sum m_i K_i, error
/// estimate sum e_i K_i. a and c are packed row-wise: (i, j) at i (i - 1) / 2 + j.
/// For rate constants that depend on time (non-autonomous problems: the scalar paths of
/// rosenbrock.cpp, and the block kernels with rates linear in time), stage i evaluates f at t + alpha_i h and adds h
/// gamma_i df/dt to its right-hand side (Hairer & Wanner 1996, IV.7, eq. 7.4'; KPP's ros_Alpha, ros_Gamma).
struct Tableau {
  int s;
  double gamma;
  double a[6];
  double c[6];
  bool new_f[4];
  double m[4];
  double e[4];
  double alpha[4];      ///< stage times [1 of h]
  double gamma_sum[4];  ///< gamma_i = sum_j gamma_ij [1]
};

// ROS3: 3 stages, order 3, L-stable, 2 function evaluations (Sandu et al. 1997, Table 2).
constexpr Tableau k_ros3{3,
                         0.43586652150845899941601945119356,
                         {1.0, 1.0, 0.0, 0, 0, 0},
                         {-0.10156171083877702091975600115545e+01, 0.40759956452537699824805835358067e+01,
                          0.92076794298330791242156818474003e+01, 0, 0, 0},
                         {true, true, false, false},
                         {1.0, 0.61697947043828245592553615689730e+01, -0.42772256543218573326238373806514, 0},
                         {0.5, -0.29079558716805469821718236208017e+01, 0.22354069897811569627360909276199, 0},
                         {0.0, 0.43586652150845899941601945119356, 0.43586652150845899941601945119356, 0},
                         {0.43586652150845899941601945119356, 0.24291996454816804366592249683314,
                          0.21851380027664058511513169485832e+01, 0}};
// RODAS3: 4 stages, order 3, stiffly accurate (Sandu et al. 1997).
constexpr Tableau k_rodas3{4,
                           0.5,
                           {0.0, 2.0, 0.0, 2.0, 0.0, 1.0},
                           {4.0, 1.0, -1.0, 1.0, -1.0, -8.0 / 3.0},
                           {true, false, true, true},
                           {2.0, 0.0, 1.0, 1.0},
                           {0.0, 0.0, 0.0, 1.0},
                           {0.0, 0.0, 1.0, 1.0},
                           {0.5, 1.5, 0.0, 0.0}};

constexpr const Tableau& tableau_of(RosMethod m) { return m == RosMethod::ros3 ? k_ros3 : k_rodas3; }

// Step-size controller (as KPP's Rosenbrock integrators, Sandu et al. 1997): h_new =
// h min(6, max(0.2, 0.9 err^(-1/3))), no growth right after a rejection.
constexpr double k_fac_min = 0.2, k_fac_max = 6.0, k_fac_safe = 0.9;
/// Step factor after a second rejection in a row (KPP: FacRej).
constexpr double k_fac_rej = 0.1;
/// The last step of a chemistry step may be up to this factor longer than the controller's
/// proposal when the error just measured predicts it passes (see control_step).
constexpr double k_stretch_max = 1.25;

inline double dmin(double a, double b) { return b < a ? b : a; }
inline double dmax(double a, double b) { return a < b ? b : a; }

/// One cell's position in its chemistry step.
struct CellStep {
  double t = 0.0;      ///< time reached [s]
  double h = 0.0;      ///< next step to try [s]
  double hnext = 0.0;  ///< step proposed for the next chemistry step [s]
  bool last = false;   ///< h reaches the end of the chemistry step
  bool after_reject = false;
  long nsteps = 0;  ///< attempts so far
};

enum class StepResult { accepted, finished, rejected, failed };

/// The controller: accept or reject the attempt of size c.h whose error norm (RMS of the
/// scaled error) is `err`, and choose the next step. Plain scalar code, one call per cell
/// and attempt: identical in every kernel variant.
inline StepResult control_step(CellStep& c, double err, double dt_s, const RosOptions& opt) {
  const double h = c.h;
  const bool finite = std::isfinite(err);
  // fac_raw: the factor at which the predicted error reaches 0.9^3 (order 3 estimate)
  const double fac_raw = finite ? k_fac_safe / std::cbrt(err > 0 ? err : 1e-300) : 0.1;
  const double fac = finite ? dmin(k_fac_max, dmax(k_fac_min, fac_raw)) : 0.1;
  ++c.nsteps;
  StepResult res;
  if (opt.fixed_step || (finite && (err <= 1.0 || h <= opt.h_min_s))) {
    c.t += h;
    double hnew = opt.fixed_step ? h : h * fac;
    if (c.after_reject) hnew = dmin(hnew, h);
    // the step proposed for the next chemistry step (a truncated last step proposes less)
    c.hnext = c.last ? dmax(c.hnext, hnew) : hnew;
    if (c.last) {
      res = StepResult::finished;
    } else {
      const double rem = dt_s - c.t;
      hnew = dmax(hnew, opt.h_min_s);
      // Finish in one step when the remainder is at most k_stretch_max times the proposal
      // and within the unclamped prediction (the proposal is below that only because of the
      // growth limit): saves a sliver of a last step, which costs as much as a full one.
      const bool stretch = !opt.fixed_step && !c.after_reject && rem <= k_stretch_max * hnew && rem <= h * fac_raw;
      if (hnew >= rem * (1.0 - 1e-10) || stretch) {
        hnew = rem;
        c.last = true;
      }
      c.h = hnew;
      res = StepResult::accepted;
    }
    c.after_reject = false;
  } else {
    if (!finite && h <= opt.h_min_s) return StepResult::failed;
    // A second rejection in a row means the error does not shrink like h^3 here (a fast
    // transient): cut hard, as KPP's integrators do (FacRej).
    c.h = dmax(h * (c.after_reject ? k_fac_rej : fac), opt.h_min_s);
    c.after_reject = true;
    c.last = false;
    if (c.h >= dt_s - c.t) {
      c.h = dt_s - c.t;
      c.last = true;
    }
    res = StepResult::rejected;
  }
  if (c.nsteps > opt.max_steps && res != StepResult::finished) return StepResult::failed;
  return res;
}

}  // namespace
}  // namespace lantian::chem::detail
