#include "solver/nesting/nest_boundary.hpp"

#include <mpi.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <map>
#include <sstream>
#include <utility>

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
  std::array<size_t, 4> off{};  ///< their offsets in the received buffer
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

  // Species by name; the others keep the child's own profiles. A species the child does not
  // transport needs no inflow.
  std::string own;
  for (int n = 0; n < child.species.size(); ++n) {
    if (!child.species[n].transported) continue;
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

  // Geometry: every rank places every rank's points, so that each knows which of its parent
  // columns every other rank needs (the ring's perimeter and, with a top inflow, the child's
  // area: no more than a child's own set-up costs).
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
  struct RankPoints {
    std::vector<Point> west, east, south, north, top;
  };
  auto points_of = [&](int r) {
    const auto b = cd.block_of(r);  // i0, j0, nx, ny
    RankPoints rp;
    if (b[0] == 0)
      for (int j = 0; j < b[3]; ++j) rp.west.push_back(make_point(-1, b[1] + j));
    if (b[0] + b[2] == cg.nx)
      for (int j = 0; j < b[3]; ++j) rp.east.push_back(make_point(cg.nx, b[1] + j));
    if (b[1] == 0)
      for (int i = 0; i < b[2]; ++i) rp.south.push_back(make_point(b[0] + i, -1));
    if (b[1] + b[3] == cg.ny)
      for (int i = 0; i < b[2]; ++i) rp.north.push_back(make_point(b[0] + i, cg.ny));
    if (with_top_)
      for (int j = 0; j < b[3]; ++j)
        for (int i = 0; i < b[2]; ++i) rp.top.push_back(make_point(b[0] + i, b[1] + j));
    return rp;
  };
  auto sorted_cols = [](std::initializer_list<const std::vector<Point>*> sets) {
    std::vector<long> v;
    for (const auto* pts : sets)
      for (const auto& p : *pts) v.insert(v.end(), p.col.begin(), p.col.end());
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  };

  // The exchange's layout. A receiver's buffer holds, sender by sender in rank order, the
  // ring columns it needs from that sender (all layers), then its top columns (the layer
  // k_top_), in global column order, each column species by species. A sender packs the same
  // columns in the same order.
  const size_t nm = child_of_.size();
  const int nranks = pd.nranks;
  LANTIAN_ALWAYS_ASSERT(cd.nranks == nranks && cd.rank == pd.rank, "nest: parent and child on different ranks");
  // The parent column's owner in O(1): the block column of each i, the block row of each j.
  std::vector<int> bx(static_cast<size_t>(pg.nx)), by(static_cast<size_t>(pg.ny));
  std::vector<int> rank_at(static_cast<size_t>(pd.px) * static_cast<size_t>(pd.py), -1);
  {
    std::vector<int> x_start, y_start;  // block starts of the process grid's columns and rows
    for (int r = 0; r < nranks; ++r) {
      const auto b = pd.block_of(r);
      x_start.push_back(b[0]), y_start.push_back(b[1]);
    }
    std::sort(x_start.begin(), x_start.end());
    x_start.erase(std::unique(x_start.begin(), x_start.end()), x_start.end());
    std::sort(y_start.begin(), y_start.end());
    y_start.erase(std::unique(y_start.begin(), y_start.end()), y_start.end());
    for (int i = 0; i < pg.nx; ++i)
      bx[static_cast<size_t>(i)] =
          static_cast<int>(std::upper_bound(x_start.begin(), x_start.end(), i) - x_start.begin()) - 1;
    for (int j = 0; j < pg.ny; ++j)
      by[static_cast<size_t>(j)] =
          static_cast<int>(std::upper_bound(y_start.begin(), y_start.end(), j) - y_start.begin()) - 1;
    for (int r = 0; r < nranks; ++r) {
      const auto b = pd.block_of(r);
      rank_at[static_cast<size_t>(bx[static_cast<size_t>(b[0])]) * pd.py + by[static_cast<size_t>(b[1])]] = r;
    }
  }
  auto owner = [&](long c) {
    return rank_at[static_cast<size_t>(bx[static_cast<size_t>(c % pg.nx)]) * pd.py +
                   by[static_cast<size_t>(c / pg.nx)]];
  };
  const size_t ring_len = nm * static_cast<size_t>(nzp), top_len = nm;
  send_.assign(static_cast<size_t>(nranks), Transfer{});
  recv_.assign(static_cast<size_t>(nranks), Transfer{});
  std::map<long, size_t> ring_off, top_off;  // this rank's needed columns: offset in its buffer
  size_t most = 0;
  for (int r = 0; r < nranks; ++r) {
    RankPoints rp = points_of(r);
    // r's columns as (owner, column), in rank order, then in global column order.
    auto by_owner = [&](const std::vector<long>& cols) {
      std::vector<std::pair<int, long>> v;
      v.reserve(cols.size());
      for (long c : cols) v.emplace_back(owner(c), c);
      std::sort(v.begin(), v.end());
      return v;
    };
    const auto ring = by_owner(sorted_cols({&rp.west, &rp.east, &rp.south, &rp.north}));
    const auto top = by_owner(sorted_cols({&rp.top}));
    size_t pos = 0, a = 0, b = 0;
    while (a < ring.size() || b < top.size()) {
      const int s = std::min(a < ring.size() ? ring[a].first : nranks, b < top.size() ? top[b].first : nranks);
      Transfer t{pos, 0, {}, {}};
      for (; a < ring.size() && ring[a].first == s; ++a) {
        t.ring.push_back(ring[a].second);
        if (r == pd.rank) ring_off[ring[a].second] = pos;
        pos += ring_len;
      }
      for (; b < top.size() && top[b].first == s; ++b) {
        t.top.push_back(top[b].second);
        if (r == pd.rank) top_off[top[b].second] = pos;
        pos += top_len;
      }
      t.count = pos - t.offset;
      if (r == pd.rank) recv_[static_cast<size_t>(s)] = Transfer{t.offset, t.count, {}, {}};
      if (s == pd.rank) send_[static_cast<size_t>(r)] = std::move(t);
    }
    most = std::max(most, pos);
    if (r == pd.rank) {
      received_size_ = pos;
      west_ = std::move(rp.west), east_ = std::move(rp.east), south_ = std::move(rp.south);
      north_ = std::move(rp.north), top_ = std::move(rp.top);
    }
  }
  most_received_size_ = most;
  size_t at = 0;
  for (auto& t : send_) t.offset = at, at += t.count;
  send_size_ = at;
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
  // Pack, receiver by receiver, the columns each needs from this rank.
  std::vector<double> packed(send_size_);
  for (const auto& t : send_) {
    size_t q = t.offset;
    for (long c : t.ring) {
      const int i = static_cast<int>(c % pg.nx) - pd.i0, j = static_cast<int>(c / pg.nx) - pd.j0;
      for (int p : parent_of_) {
        const auto v = st.field(p).view();
        for (int k = 0; k < nzp; ++k) packed[q++] = v(i, j, k);
      }
    }
    for (long c : t.top) {
      const int i = static_cast<int>(c % pg.nx) - pd.i0, j = static_cast<int>(c / pg.nx) - pd.j0;
      for (int p : parent_of_) packed[q++] = st.field(p).view()(i, j, k_top_);
    }
    LANTIAN_ALWAYS_ASSERT(q == t.offset + t.count, "nest capture: packed size");
  }
  // Point to point with the ranks that hold or need columns (on the grid's scale: the
  // neighbours of the child's edges), not a gather over all ranks.
  std::vector<double> received(received_size_);
  std::vector<MPI_Request> req;
  req.reserve(2 * send_.size());
  constexpr int k_tag = 4711;
  for (size_t r = 0; r < recv_.size(); ++r)
    if (recv_[r].count > 0)
      MPI_Irecv(received.data() + recv_[r].offset, static_cast<int>(recv_[r].count), MPI_DOUBLE, static_cast<int>(r),
                k_tag, pd.comm, &req.emplace_back());
  for (size_t r = 0; r < send_.size(); ++r)
    if (send_[r].count > 0)
      MPI_Isend(packed.data() + send_[r].offset, static_cast<int>(send_[r].count), MPI_DOUBLE, static_cast<int>(r),
                k_tag, pd.comm, &req.emplace_back());
  MPI_Waitall(static_cast<int>(req.size()), req.data(), MPI_STATUSES_IGNORE);
  Slot& s = end ? b_ : a_;
  compute(s, received);
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
