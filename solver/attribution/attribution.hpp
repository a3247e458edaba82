#pragma once
// The tracers of source attribution in the run: the families of the tagged species
// (families.hpp), their tracers' place in the state, their initial and inflow values, and the
// ratio step that keeps each family's tracers summing to the family total after every process
// other than the sources and the diffusions. The ratio approach (CAMx PSAT, Yarwood et al.
// 2004; Wagstrom et al. 2008, doi:10.1016/j.atmosenv.2008.03.036) is exact for first-order
// loss; a gain in chemistry or aerosol is apportioned by the shares of the family it comes from
// (docs/attribution.md).
#include <memory>
#include <string>
#include <vector>

#include "emissions/emission_process.hpp"
#include "solver/attribution/families.hpp"
#include "solver/attribution/tags.hpp"
#include "solver/process/process.hpp"
#include "solver/state/chem_state.hpp"
#include "solver/transport/boundary/boundary.hpp"

namespace lantian::attribution {

/// A tagged species as written: its index and its family.
struct TaggedSpecies {
  std::string name;
  int species = -1;
  int family = -1;
};

class Attribution {
 public:
  /// Plans the families of `tags.species` (grouped when chemistry or aerosol is on) and adds
  /// their tracers to `species`, after every other species. Throws naming
  /// attribution.species for a species the model lacks.
  static std::shared_ptr<const Attribution> create(const config::CaseConfig& cfg, TagSet tags,
                                                   state::SpeciesList& species, bool grouped);

  const TagSet& tags() const noexcept { return tags_; }
  const std::vector<Family>& families() const noexcept { return families_; }
  const std::vector<TaggedSpecies>& tagged() const noexcept { return tagged_; }
  /// True for a tracer species (not written as a species of its own).
  bool is_tracer(int n) const;
  /// Per model species, where its emissions go: for each family that holds it, the family's
  /// tracers of the user's tags and `other`, with the member's weight.
  std::vector<std::vector<emis::EmissionProcess::TagTarget>> emission_targets(int nspecies) const;
  /// Inflow: the `boundary` tracer of a family carries the family total of the members'
  /// inflow on every face, every other tracer none (after each BoundaryProvider::fill).
  void set_boundaries(transport::BoundaryConditions& bc) const;
  /// Every tag (TagSet::names() order) with its definition as text, for the output.
  std::vector<std::pair<std::string, std::string>> definitions() const;
  /// How the contributions of tagged species `t` are computed (an output attribute).
  std::string method(const TaggedSpecies& t) const;
  /// Initial state: the `initial` tracer holds the family total, every other tracer zero.
  void set_initial(state::ChemState& st) const;
  /// The species OH, HO2, NO2 (the ozone regime indicator; -1 when O3 is not tagged).
  int oh() const noexcept { return oh_; }
  int ho2() const noexcept { return ho2_; }
  int no2() const noexcept { return no2_; }

 private:
  Attribution() = default;
  TagSet tags_;
  std::vector<Family> families_;
  std::vector<TaggedSpecies> tagged_;
  std::vector<char> tracer_;
  int oh_ = -1, ho2_ = -1, no2_ = -1;
};

/// After a process: in every owned cell and for every family (precursors first), tracers c_t
/// scaled by F / sum(c), so that they sum to the family total F. With `apply_gains` (after
/// chemistry and aerosol, which produce species), a gain F > sum(c) of a family whose rule is
/// not `own` is apportioned by its rule (to `other`, by the precursor family's shares, or by
/// NOX's or VOC's shares by the ozone regime) and only a loss is shared by ratio. A family
/// whose tracers sum to zero gives F to `other`. Only what the process before it (`before`,
/// when given: it must outlive the step) may have changed is visited: the families with a
/// member among its written_species, in its lowest layers_written layers and its
/// columns_written; the others still sum to F. Cell-local, no reduction: bitwise independent
/// of the decomposition and threads.
class RatioStep final : public process::Process {
 public:
  RatioStep(std::shared_ptr<const Attribution> a, std::string after, bool apply_gains,
            const process::Process* before = nullptr);
  std::string name() const override { return "attribution after " + after_; }
  /// The families' tracers (the NaN check scans only these).
  std::vector<int> written_species(const state::ChemState& st) const override;
  int layers_written() const override { return before_ ? before_->layers_written() : Process::layers_written(); }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) override;

 private:
  std::shared_ptr<const Attribution> a_;
  std::string after_;
  bool apply_gains_;
  const process::Process* before_;
  std::vector<char> visit_;  ///< per family: a member is written by `before_` (set at the first step)
};

}  // namespace lantian::attribution
