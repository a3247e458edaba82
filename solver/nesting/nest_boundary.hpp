#pragma once
// One-way nesting: a child domain's lateral and top inflow from its parent's mixing ratios.
// The child's ghost-cell centres just outside each face (from the child's projection) are
// placed in the parent's grid (the parent's projection), interpolated bilinearly in the
// horizontal, remapped in the vertical by nominal layer heights (by default the mean of the
// parent's layers over the child layer's height range, which keeps a column's content; or
// linear between layer mid heights), constant above the parent's top, and linearly in time
// between two captures of the parent (the start and the end of a parent step). The top value comes from the parent
// layer that holds the child's model top, at the child's column centres. Interpolation in the form a + w (b - a), so
// that a uniform parent field gives exactly its value.
//
// Determinism: every rank computes every rank's points, so each knows which of its parent
// columns the others need; per capture each rank sends those columns to the ranks that need
// them (point to point) and receives the columns its own points need, and every inflow value is
// computed from the same parent values in the same order at any decomposition.
#include <memory>
#include <string>
#include <vector>

#include "solver/grid/horizontal_grid.hpp"
#include "solver/transport/boundary/boundary.hpp"
#include "solver/transport/transport_config.hpp"

namespace lantian::timeloop {
class Model;
}

namespace lantian::nesting {

/// Margin [parent cells] between a child's ghost ring and its parent's edge cells: the
/// parent's own inflow boundary (and the bilinear stencil) stays away from the child's inflow.
inline constexpr double k_margin_cells = 3.0;

/// Throws an Error naming the nest file and both domains unless every ghost-cell centre of the
/// child (its four faces and corners) lies at least k_margin_cells inside the parent's centres.
void check_inside(const grid::HorizontalGrid& parent, const grid::HorizontalGrid& child, const std::string& parent_name,
                  const std::string& child_name, const std::string& nest_file);

/// How a child layer takes its value from the parent's layers (nominal heights above ground).
enum class VerticalRemap {
  /// The parent's layer values averaged over the child layer's height range (overlap
  /// weights): a column's content (sum of q dz) is kept where the child lies below the
  /// parent's top. Default.
  layer_overlap,
  /// Linear between the parent's layer mid heights, constant below the first and above the
  /// last. Overestimates a surface plume's column content when the parent's layers are
  /// coarse (docs/nesting.md: +21 % in the plume test).
  linear_mid_height,
};

class NestBoundary final : public transport::BoundaryProvider {
 public:
  /// `parent` outlives this provider (the nest driver owns both models). `child`: the child
  /// model's context (its grid, decomposition, species, case); the names are for the log.
  NestBoundary(const timeloop::Model& parent, const std::string& parent_name, const transport::BoundaryContext& child,
               const std::string& child_name, VerticalRemap remap = VerticalRemap::layer_overlap);
  ~NestBoundary() override;

  /// Captures the parent's values at its current time (collective over the parent's ranks):
  /// `end` false: the start of the parent step, true: its end. The driver captures the start
  /// once, then after each parent step the end, and calls step_done() when the child has
  /// followed (the end becomes the next start).
  void capture(bool end);
  void step_done();

  void fill(double time_s, const meteo::MetFields& met, transport::BoundaryConditions& bc) override;
  bool time_varying() const noexcept override { return true; }
  std::string describe() const override;

  /// Bytes per capture received by the rank that receives most (the parent columns its points
  /// need; the same figure on every rank).
  size_t capture_bytes() const noexcept { return 8 * most_received_size_; }
  /// Child species that take their inflow from the parent, by name.
  int mapped_species() const noexcept { return static_cast<int>(child_of_.size()); }

 private:
  struct Point;  // one ghost-cell centre or column centre in the parent's grid
  struct Slot {
    transport::BoundaryConditions bc;  ///< mapped species on this rank's faces
    double time_s = 0.0;
    bool set = false;
  };
  void compute(Slot& slot, const std::vector<double>& received) const;

  const timeloop::Model& parent_;
  std::string parent_name_, child_name_;
  int nx_ = 0, ny_ = 0, nz_ = 0;  ///< the child's block
  bool at_west_ = false, at_east_ = false, at_south_ = false, at_north_ = false;
  int i0_ = 0, j0_ = 0;                    ///< the child's block start (global)
  bool with_top_ = false;                  ///< the child takes a top inflow
  std::vector<int> child_of_, parent_of_;  ///< mapped species: child index, parent index
  VerticalRemap remap_;
  /// Per child layer: the parent layers and their weights (summing to 1), first the one the
  /// value is written relative to (q = q0 + sum_m w_m (q_m - q0), exact for a uniform parent).
  std::vector<std::vector<std::pair<int, double>>> vertical_;
  int k_top_ = 0;                                         ///< parent layer holding the child's top
  std::vector<Point> west_, east_, south_, north_, top_;  ///< this rank's points
  /// What this rank sends to (send_) or receives from (recv_) each rank: `count` values at
  /// `offset` of the packed or received buffer; for a send, the parent columns (global index,
  /// sorted) of the ring (all layers) and of the top (layer k_top_), each species by species.
  struct Transfer {
    size_t offset = 0, count = 0;
    std::vector<long> ring, top;
  };
  std::vector<Transfer> send_, recv_;
  size_t send_size_ = 0, received_size_ = 0, most_received_size_ = 0;
  std::unique_ptr<transport::BoundaryProvider> own_;  ///< the child's profiles (unmapped species)
  Slot a_, b_;
};

}  // namespace lantian::nesting
