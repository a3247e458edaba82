#include "solver/nesting/nest_boundary.hpp"

#include <mpi.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <sstream>

#include "solver/core/error.hpp"
#include "solver/core/log.hpp"
#include "solver/core/text.hpp"
#include "solver/timeloop/model.hpp"

namespace lantian::nesting {

namespace {

/// Fractional parent cell index of the child's point (ci, cj) (child cell indices).
std::pair<double, double> parent_index(const grid::HorizontalGrid& parent, const grid::HorizontalGrid& child, double ci,
                                       double cj) {
  const grid::XY p = parent.proj.forward(child.latlon(ci, cj));
  return {(p.x - parent.x0) / parent.dx, (p.y - parent.y0) / parent.dy};
}

/// The child's ghost-cell centres (child cell indices): west, east, south, north faces.
template <typename F>
void for_each_ghost(const grid::HorizontalGrid& child, F&& f) {
  for (int j = 0; j < child.ny; ++j) f(-1, j), f(child.nx, j);
  for (int i = 0; i < child.nx; ++i) f(i, -1), f(i, child.ny);
}

}  // namespace

struct NestBoundary::Point {
  std::array<long, 4> col{};    ///< parent columns (global i + nx j): (i,j), (i+1,j), (i,j+1), (i+1,j+1)
  std::array<size_t, 4> off{};  ///< their offsets in the gathered buffer
  double wx = 0.0, wy = 0.0;    ///< bilinear weights of the i+1 and j+1 columns
};

void check_inside(const grid::HorizontalGrid& parent, const grid::HorizontalGrid& child, const std::string& parent_name,
                  const std::string& child_name, const std::string& nest_file) {
  const double lo_i = k_margin_cells, hi_i = parent.nx - 1 - k_margin_cells;
  const double lo_j = k_margin_cells, hi_j = parent.ny - 1 - k_margin_cells;
  auto check = [&](int ci, int cj) {
    const auto [fi, fj] = parent_index(parent, child, ci, cj);
    if (std::isfinite(fi) && std::isfinite(fj) && fi >= lo_i && fi <= hi_i && fj >= lo_j && fj <= hi_j) return;
    const auto ll = child.latlon(ci, cj);
    std::ostringstream os;
    os << "domain '" << child_name << "' does not lie inside its parent '" << parent_name << "' with " << k_margin_cells
       << " parent cells of margin: its ghost cell (" << ci << ", " << cj << ") at " << text::exact(ll.lat_deg)
       << " N, " << text::exact(ll.lon_deg) << " E falls at parent cell (" << fi << ", " << fj
       << "); the parent's cells " << lo_i << " .. " << hi_i << " x " << lo_j << " .. " << hi_j
       << " may hold the child";
    throw Error::in_file(nest_file, os.str(), "domain.parent");
  };
  for (int ci : {-1, child.nx})
    for (int cj : {-1, child.ny}) check(ci, cj);
  for_each_ghost(child, check);
}

NestBoundary::NestBoundary(const timeloop::Model& parent, const std::string& parent_name,
                           const transport::BoundaryContext& child, const std::string& child_name, VerticalRemap remap)
    : parent_(parent), parent_name_(parent_name), child_name_(child_name), remap_(remap) {
  const auto& pg = parent.horizontal_grid();
  const auto& pd = parent.decomposition();
  const auto& pv = parent.vertical_grid();
  const auto& cg = child.hgrid;
  const auto& cd = child.decomp;
  nx_ = cd.nx, ny_ = cd.ny, nz_ = child.vgrid.nz, i0_ = cd.i0, j0_ = cd.j0;
  at_west_ = cd.at_west(), at_east_ = cd.at_east(), at_south_ = cd.at_south(), at_north_ = cd.at_north();
  with_top_ = transport::top_boundary(child.cfg) == transport::TopBoundary::profile;
  own_ = transport::make_boundary_provider(child);

  // Species by name; the others keep the child's own profiles.
  std::string own;
  for (int n = 0; n < child.species.size(); ++n) {
    const int p = parent.species().find(child.species[n].name);
    if (p >= 0) {
      child_of_.push_back(n);
      parent_of_.push_back(p);
    } else {
      own += (own.empty() ? "" : ", ") + child.species[n].name;
    }
  }
  if (!own.empty())
    log::info("nest: " + child_name_ + ": species absent in the parent '" + parent_name_ +
              "' keep the child's own inflow profile: " + own);

  // Vertical, by nominal heights; constant above the parent's top (and, for the linear
  // remap, below its first mid height).
  const int nzp = pv.nz;
  for (int k = 0; k < nz_; ++k) {
    std::vector<std::pair<int, double>> w;
    if (remap_ == VerticalRemap::linear_mid_height) {
      const double z = child.vgrid.z_mid_m(k);
      int lo = 0;
      double wz = 0.0;
      if (z >= pv.z_mid_m(nzp - 1)) {
        lo = nzp - 1;
      } else if (z > pv.z_mid_m(0)) {
        while (lo + 1 < nzp - 1 && pv.z_mid_m(lo + 1) <= z) ++lo;
        wz = (z - pv.z_mid_m(lo)) / (pv.z_mid_m(lo + 1) - pv.z_mid_m(lo));
      }
      w.emplace_back(lo, 1.0 - wz);
      if (wz > 0.0) w.emplace_back(lo + 1, wz);
    } else {
      const double zb = child.vgrid.z_interfaces_m[static_cast<size_t>(k)];
      const double zt = child.vgrid.z_interfaces_m[static_cast<size_t>(k) + 1];
      for (int kp = 0; kp < nzp; ++kp) {
        const double pb = pv.z_interfaces_m[static_cast<size_t>(kp)];
        // the parent's top layer reaches up without end (constant above its top)
        const double pt =
            kp + 1 == nzp ? std::max(zt, pv.z_interfaces_m.back()) : pv.z_interfaces_m[static_cast<size_t>(kp) + 1];
        const double overlap = std::min(zt, pt) - std::max(zb, pb);
        if (overlap > 0.0) w.emplace_back(kp, overlap / (zt - zb));
      }
    }
    vertical_.push_back(std::move(w));
  }
  const double z_top = child.vgrid.z_interfaces_m.back();
  k_top_ = nzp - 1;
  for (int k = 0; k < nzp; ++k)
    if (z_top < pv.z_interfaces_m[static_cast<size_t>(k) + 1]) {
      k_top_ = k;
      break;
    }
  if (z_top > pv.z_interfaces_m.back())
    log::warn("nest: " + child_name_ + "'s model top (" + text::exact(z_top) + " m) lies above its parent's (" +
              text::exact(pv.z_interfaces_m.back()) + " m): the parent's top layer continues upwards");

  // Geometry: every rank places the whole ring (so that it knows every column any rank needs).
  auto make_point = [&](double ci, double cj) {
    const auto [fi, fj] = parent_index(pg, cg, ci, cj);
    const int ip = std::clamp(static_cast<int>(std::floor(fi)), 0, pg.nx - 2);
    const int jp = std::clamp(static_cast<int>(std::floor(fj)), 0, pg.ny - 2);
    Point p;
    p.wx = fi - ip, p.wy = fj - jp;
    const long c = ip + static_cast<long>(pg.nx) * jp;
    p.col = {c, c + 1, c + pg.nx, c + pg.nx + 1};
    return p;
  };
  std::vector<long> ring, top;
  for_each_ghost(cg, [&](int ci, int cj) {
    const Point p = make_point(ci, cj);
    ring.insert(ring.end(), p.col.begin(), p.col.end());
  });
  if (with_top_)
    for (int cj = 0; cj < cg.ny; ++cj)
      for (int ci = 0; ci < cg.nx; ++ci) {
        const Point p = make_point(ci, cj);
        top.insert(top.end(), p.col.begin(), p.col.end());
      }
  for (auto* v : {&ring, &top}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  ring_cols_ = ring, top_cols_ = top;

  // This rank's points.
  if (at_west_)
    for (int j = 0; j < ny_; ++j) west_.push_back(make_point(-1, j0_ + j));
  if (at_east_)
    for (int j = 0; j < ny_; ++j) east_.push_back(make_point(cg.nx, j0_ + j));
  if (at_south_)
    for (int i = 0; i < nx_; ++i) south_.push_back(make_point(i0_ + i, -1));
  if (at_north_)
    for (int i = 0; i < nx_; ++i) north_.push_back(make_point(i0_ + i, cg.ny));
  if (with_top_)
    for (int j = 0; j < ny_; ++j)
      for (int i = 0; i < nx_; ++i) top_.push_back(make_point(i0_ + i, j0_ + j));

  // The gather's layout: rank by rank, its ring columns (all layers), then its top columns
  // (the layer k_top_), each column species by species.
  const size_t nm = child_of_.size();
  const int nranks = pd.nranks;
  counts_.assign(static_cast<size_t>(nranks), 0);
  displs_.assign(static_cast<size_t>(nranks), 0);
  std::map<long, size_t> ring_off, top_off;
  size_t pos = 0;
  for (int r = 0; r < nranks; ++r) {
    const auto b = pd.block_of(r);
    auto owned = [&](long c) {
      const long i = c % pg.nx, j = c / pg.nx;
      return i >= b[0] && i < b[0] + b[2] && j >= b[1] && j < b[1] + b[3];
    };
    displs_[static_cast<size_t>(r)] = static_cast<int>(pos);
    for (long c : ring_cols_)
      if (owned(c)) ring_off[c] = pos, pos += nm * static_cast<size_t>(nzp);
    for (long c : top_cols_)
      if (owned(c)) top_off[c] = pos, pos += nm;
    counts_[static_cast<size_t>(r)] = static_cast<int>(pos - static_cast<size_t>(displs_[static_cast<size_t>(r)]));
  }
  gathered_size_ = pos;
  for (auto* pts : {&west_, &east_, &south_, &north_})
    for (auto& p : *pts)
      for (int c = 0; c < 4; ++c) p.off[static_cast<size_t>(c)] = ring_off.at(p.col[static_cast<size_t>(c)]);
  for (auto& p : top_)
    for (int c = 0; c < 4; ++c) p.off[static_cast<size_t>(c)] = top_off.at(p.col[static_cast<size_t>(c)]);
  for (auto* s : {&a_, &b_}) s->bc = transport::BoundaryConditions(child.species.size(), nx_, ny_, nz_);
}

NestBoundary::~NestBoundary() = default;

std::string NestBoundary::describe() const {
  return "parent domain '" + parent_name_ + "' (" + std::to_string(child_of_.size()) +
         " species by name; bilinear in the horizontal, " +
         (remap_ == VerticalRemap::layer_overlap ? "layer overlap" : "linear in mid height") +
         " in the vertical, linear in time" +
         (with_top_ ? "; top from the parent layer " + std::to_string(k_top_) : std::string()) + ")";
}

void NestBoundary::capture(bool end) {
  const auto& pd = parent_.decomposition();
  const auto& pg = parent_.horizontal_grid();
  const int nzp = parent_.vertical_grid().nz;
  const auto& st = parent_.state();
  std::vector<double> mine;
  mine.reserve(static_cast<size_t>(counts_[static_cast<size_t>(pd.rank)]));
  auto owned = [&](long c, int& i, int& j) {
    i = static_cast<int>(c % pg.nx) - pd.i0, j = static_cast<int>(c / pg.nx) - pd.j0;
    return i >= 0 && i < pd.nx && j >= 0 && j < pd.ny;
  };
  int i = 0, j = 0;
  for (long c : ring_cols_)
    if (owned(c, i, j))
      for (int p : parent_of_) {
        const auto q = st.field(p).view();
        for (int k = 0; k < nzp; ++k) mine.push_back(q(i, j, k));
      }
  for (long c : top_cols_)
    if (owned(c, i, j))
      for (int p : parent_of_) mine.push_back(st.field(p).view()(i, j, k_top_));
  LANTIAN_ALWAYS_ASSERT(mine.size() == static_cast<size_t>(counts_[static_cast<size_t>(pd.rank)]),
                        "nest capture: packed size");
  std::vector<double> gathered(gathered_size_);
  MPI_Allgatherv(mine.data(), static_cast<int>(mine.size()), MPI_DOUBLE, gathered.data(), counts_.data(),
                 displs_.data(), MPI_DOUBLE, pd.comm);
  Slot& s = end ? b_ : a_;
  compute(s, gathered);
  s.time_s = parent_.time_s();
  s.set = true;
}

void NestBoundary::step_done() {
  std::swap(a_, b_);
  b_.set = false;
}

void NestBoundary::compute(Slot& slot, const std::vector<double>& g) const {
  const int nzp = parent_.vertical_grid().nz;
  // Bilinear in the form a + w (b - a): equal corner values give that value exactly.
  auto horizontal = [&](const Point& p, size_t shift) {
    const double q00 = g[p.off[0] + shift], q10 = g[p.off[1] + shift];
    const double q01 = g[p.off[2] + shift], q11 = g[p.off[3] + shift];
    const double s = q00 + p.wx * (q10 - q00), n = q01 + p.wx * (q11 - q01);
    return s + p.wy * (n - s);
  };
  auto column = [&](const Point& p, size_t m, int k) {
    const size_t base = m * static_cast<size_t>(nzp);
    const auto& w = vertical_[static_cast<size_t>(k)];
    const double q0 = horizontal(p, base + static_cast<size_t>(w[0].first));
    double q = q0;
    for (size_t l = 1; l < w.size(); ++l)
      q += w[l].second * (horizontal(p, base + static_cast<size_t>(w[l].first)) - q0);
    return q;
  };
  auto& bc = slot.bc;
  for (size_t m = 0; m < child_of_.size(); ++m) {
    const int n = child_of_[m];
    for (int k = 0; k < nz_; ++k) {
      for (size_t j = 0; j < west_.size(); ++j) bc.west(n, static_cast<int>(j), k) = column(west_[j], m, k);
      for (size_t j = 0; j < east_.size(); ++j) bc.east(n, static_cast<int>(j), k) = column(east_[j], m, k);
      for (size_t i = 0; i < south_.size(); ++i) bc.south(n, static_cast<int>(i), k) = column(south_[i], m, k);
      for (size_t i = 0; i < north_.size(); ++i) bc.north(n, static_cast<int>(i), k) = column(north_[i], m, k);
    }
    for (size_t c = 0; c < top_.size(); ++c)
      bc.top(n, static_cast<int>(c) % nx_, static_cast<int>(c) / nx_) = horizontal(top_[c], m);
  }
}

void NestBoundary::fill(double time_s, const meteo::MetFields& met, transport::BoundaryConditions& bc) {
  if (!a_.set || !b_.set)
    throw Error("nest: " + child_name_ + " asked for its inflow at " + text::exact(time_s) +
                " s before its parent's values were captured (the nest driver captures both ends of each "
                "parent step)");
  own_->fill(time_s, met, bc);
  const double span = b_.time_s - a_.time_s;
  const double w = span > 0 ? std::clamp((time_s - a_.time_s) / span, 0.0, 1.0) : 1.0;
  const auto& a = a_.bc;
  const auto& b = b_.bc;
  auto lerp = [w](double x, double y) { return x + w * (y - x); };
  for (int n : child_of_) {
    for (int k = 0; k < nz_; ++k) {
      if (at_west_)
        for (int j = 0; j < ny_; ++j) bc.west(n, j, k) = lerp(a.west(n, j, k), b.west(n, j, k));
      if (at_east_)
        for (int j = 0; j < ny_; ++j) bc.east(n, j, k) = lerp(a.east(n, j, k), b.east(n, j, k));
      if (at_south_)
        for (int i = 0; i < nx_; ++i) bc.south(n, i, k) = lerp(a.south(n, i, k), b.south(n, i, k));
      if (at_north_)
        for (int i = 0; i < nx_; ++i) bc.north(n, i, k) = lerp(a.north(n, i, k), b.north(n, i, k));
    }
    if (with_top_)
      for (int j = 0; j < ny_; ++j)
        for (int i = 0; i < nx_; ++i) bc.top(n, i, j) = lerp(a.top(n, i, j), b.top(n, i, j));
  }
}

}  // namespace lantian::nesting
