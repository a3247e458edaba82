#pragma once
// The tracers of source attribution in the run: where they are in the state, their initial
// and inflow values, and the ratio step that keeps them summing to the bulk species after a
// process that does not act on them (chemistry, aerosol, deposition) or acts on them
// non-linearly (the monotone PPM limiter). The ratio approach (CAMx PSAT, Yarwood et al. 2004;
// Wagstrom et al. 2008, doi:10.1016/j.atmosenv.2008.03.036) is exact for first-order loss.
#include <memory>
#include <string>
#include <vector>

#include "solver/attribution/tags.hpp"
#include "solver/process/process.hpp"
#include "solver/state/chem_state.hpp"
#include "solver/transport/boundary.hpp"

namespace lantian::attribution {

/// One tagged species: its index and its tracers' indices, in TagSet::names() order (the
/// user's tags, then other, boundary, initial).
struct TaggedSpecies {
  int bulk = -1;
  std::vector<int> tracers;
  int other() const { return tracers[tracers.size() - 3]; }
  int boundary() const { return tracers[tracers.size() - 2]; }
  int initial() const { return tracers[tracers.size() - 1]; }
};

class Attribution {
 public:
  Attribution(TagSet tags, const state::SpeciesList& species);
  const TagSet& tags() const noexcept { return tags_; }
  const std::vector<TaggedSpecies>& tagged() const noexcept { return tagged_; }
  /// True for a tracer species (not written as a species of its own).
  bool is_tracer(int n) const;
  /// Per model species: the species indices its emissions go to, one per user tag then
  /// `other` (the emission process adds each source's increment to its tag's tracer); empty
  /// for species not tagged.
  std::vector<std::vector<int>> emission_tracers(int nspecies) const;
  /// Inflow: the `boundary` tracer carries the bulk's profile, every other tracer none.
  void set_boundaries(transport::BoundaryConditions& bc) const;
  /// Every tag (TagSet::names() order) with its definition as text, for the output.
  std::vector<std::pair<std::string, std::string>> definitions() const;
  /// Initial state: the `initial` tracer holds the bulk, every other tracer zero (owned cells).
  void set_initial(state::ChemState& st) const;

 private:
  TagSet tags_;
  std::vector<TaggedSpecies> tagged_;
  std::vector<char> tracer_;
};

/// After a process: in every owned cell, tracers of S scaled by S / sum(tracers), so that
/// they sum to S. With `gain_to_other` (after chemistry and aerosol, which can produce S), a
/// gain S > sum goes to the `other` tracer instead and only a loss is shared by ratio; a cell
/// where the tracers sum to zero gives S to `other`. Cell-local, no reduction: bitwise
/// independent of the decomposition.
class RatioStep final : public process::Process {
 public:
  RatioStep(std::shared_ptr<const Attribution> a, std::string after, bool gain_to_other);
  std::string name() const override { return "attribution after " + after_; }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) override;

 private:
  std::shared_ptr<const Attribution> a_;
  std::string after_;
  bool gain_to_other_;
};

}  // namespace lantian::attribution
