#pragma once
// Clear-sky photolysis frequencies from the solar zenith angle, J = l cos^m(chi) exp(-n sec chi)
// (Jenkin et al. 1997, doi:10.1016/S1352-2310(96)00105-7; parameters of MCM v3.3.1, Saunders
// et al. 2003, doi:10.5194/acp-3-161-2003), mapped to the photolysis names of a mechanism
// (CB6 / CMAQ and CAMx names), and the cloud correction of Chang et al. (1987,
// doi:10.1029/JD092iD12p14681) as CMAQ applies it (Byun & Schere 2006).
#include <string>
#include <vector>

namespace lantian::chem {

/// One MCM photolysis channel: J = l cos^m(chi) exp(-n / cos chi) [s-1].
struct McmChannel {
  int id;
  double l, m, n;
  const char* what;
};

/// The MCM v3.3.1 channels LanTian uses.
const std::vector<McmChannel>& mcm_channels();
/// J of MCM channel `id` at cos(chi) [s-1]; 0 for cos(chi) <= 0 (night).
double mcm_j(int id, double coszen);

/// KPP's SUN factor, normalised: J_NO2(chi) / J_NO2(0) [1] (0 at night).
double sun_factor(double coszen);

/// Maps mechanism photolysis names to weighted sums of MCM channels.
class PhotolysisMap {
 public:
  /// Throws lantian::Error listing every name it cannot map.
  explicit PhotolysisMap(const std::vector<std::string>& names);
  int size() const noexcept { return static_cast<int>(terms_.size()); }
  /// Clear-sky J of every name at cos(chi), times `cloud_factor` [s-1]. Each MCM channel the
  /// names use is evaluated once (one log and one reciprocal of cos(chi) shared by all).
  void evaluate(double coszen, double cloud_factor, double* j_s) const;
  /// MCM channels behind the names (exponentials per daylight evaluation).
  int channels_used() const noexcept { return static_cast<int>(used_.size()); }
  /// The MCM channels behind name i, as text (for the dry-run listing).
  std::string describe(int i) const;

 private:
  struct Term {
    int id;
    double weight;
  };  ///< id: position in mcm_channels()
  std::vector<std::vector<Term>> terms_;
  std::vector<bool> approximate_;
  std::vector<int> used_;  ///< positions in mcm_channels() that some name uses, ascending
};

/// Chang et al. (1987) cloud correction factor for one cell: below the cloud base
/// 1 + f (1.6 tr cos(chi) - 1); above the cloud top 1 + f alpha (1 - tr) cos(chi) with
/// alpha = 1; inside the cloud linear in height between the two. tr = (5 - exp(-tau)) /
/// (4 + 3 tau (1 - g)), g = 0.86. f: cloud fraction [1], tau: cloud optical depth [1].
enum class CloudPosition { below, inside, above };
double cloud_factor(double cloud_fraction, double tau, double coszen, CloudPosition where,
                    double inside_fraction = 0.5);

}  // namespace lantian::chem
