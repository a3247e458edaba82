#pragma once
// Non-blocking halo exchange of many fields at once between neighbouring ranks. Halo cells are
// exact copies of the neighbour's owned cells, so updates that read them give the same bits on
// any decomposition. Global-domain edges are left alone (boundary conditions fill them).
#include <vector>

#include "solver/grid/field.hpp"
#include "solver/parallel/decomposition.hpp"

namespace lantian::parallel {

enum class HaloDirection { x, y, both };

class HaloExchanger {
 public:
  explicit HaloExchanger(const Decomposition& d) : d_(d) {}
  /// Exchanges the halos of all `fields` (same extents; halo <= the decomposition's halo).
  /// x: west/east halo columns of owned rows; y: south/north rows including the x halos
  /// (so `both` also fills the corners). `depth` > 0: only the depth cells next to the owned
  /// ones (a stencil that reaches no further), else the whole halo.
  void exchange(const std::vector<grid::View3D<double>>& fields, HaloDirection dir, int depth = 0);

 private:
  void exchange_x(const std::vector<grid::View3D<double>>& fields, int depth);
  void exchange_y(const std::vector<grid::View3D<double>>& fields, int depth);
  const Decomposition& d_;
  std::vector<double> send_lo_, send_hi_, recv_lo_, recv_hi_;
};

}  // namespace lantian::parallel
