#pragma once
// Fields and views on a rank's sub-domain. A Field3D owns one contiguous array (i fastest, then
// j, then k) with halo cells in i and j; a View3D is a non-owning window on it with the same
// indexing (i, j may be negative down to -halo). Written so that the view could become
// std::mdspan later (pointer, extents, strides, lower bounds).
#include <algorithm>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

#include "solver/core/error.hpp"

namespace lantian::grid {

/// Extents of a field: owned cells nx x ny x nz, plus `halo` cells on each side in i and j.
struct Extents {
  int nx = 0, ny = 0, nz = 0, halo = 0;
  std::size_t size() const noexcept {
    return static_cast<std::size_t>(nx + 2 * halo) * static_cast<std::size_t>(ny + 2 * halo) *
           static_cast<std::size_t>(nz);
  }
  bool operator==(const Extents&) const = default;
};

template <class T>
class View3D {
 public:
  View3D() = default;
  /// A view of const T from a view of T.
  template <class U, class = std::enable_if_t<std::is_same_v<const U, T> && !std::is_same_v<U, T>>>
  View3D(const View3D<U>& other) : View3D(other.data(), other.extents()) {}
  View3D(T* data, Extents e)
      : data_(data), e_(e), sj_(e.nx + 2 * e.halo), sk_(static_cast<std::ptrdiff_t>(sj_) * (e.ny + 2 * e.halo)) {}

  T& operator()(int i, int j, int k) const noexcept {
#ifdef LANTIAN_BOUNDS_CHECKS
    if (i < -e_.halo || i >= e_.nx + e_.halo || j < -e_.halo || j >= e_.ny + e_.halo || k < 0 || k >= e_.nz)
      bounds_failure(i, j, k);
#endif
    return data_[offset(i, j, k)];
  }
  std::ptrdiff_t offset(int i, int j, int k) const noexcept {
    return (i + e_.halo) + static_cast<std::ptrdiff_t>(j + e_.halo) * sj_ + k * sk_;
  }
  /// Stride between j and j+1, and between k and k+1 (elements).
  std::ptrdiff_t stride_j() const noexcept { return sj_; }
  std::ptrdiff_t stride_k() const noexcept { return sk_; }
  const Extents& extents() const noexcept { return e_; }
  T* data() const noexcept { return data_; }
  /// Pointer to (i, j, k): rows of constant (j, k) are contiguous in i.
  T* row(int j, int k) const noexcept { return data_ + offset(0, j, k); }

 private:
  [[noreturn]] static void bounds_failure(int i, int j, int k) {
    throw Error("View3D index out of bounds: (" + std::to_string(i) + ", " + std::to_string(j) + ", " +
                std::to_string(k) + ")");
  }
  T* data_ = nullptr;
  Extents e_{};
  std::ptrdiff_t sj_ = 0, sk_ = 0;
};

/// Owns the storage of one 3-D field (one species, or one met variable) with halos.
template <class T>
class Field3D {
 public:
  Field3D() = default;
  explicit Field3D(Extents e, T init = T{}) : e_(e), data_(e.size(), init) {}

  View3D<T> view() noexcept { return View3D<T>(data_.data(), e_); }
  View3D<const T> view() const noexcept { return View3D<const T>(data_.data(), e_); }
  T& operator()(int i, int j, int k) noexcept { return view()(i, j, k); }
  const T& operator()(int i, int j, int k) const noexcept { return view()(i, j, k); }
  const Extents& extents() const noexcept { return e_; }
  T* data() noexcept { return data_.data(); }
  const T* data() const noexcept { return data_.data(); }
  std::size_t size() const noexcept { return data_.size(); }
  void fill(T v) { std::fill(data_.begin(), data_.end(), v); }

 private:
  Extents e_{};
  std::vector<T> data_;
};

using Field3Dd = Field3D<double>;

/// A 2-D field is a Field3D with nz = 1.
inline Extents extents_2d(int nx, int ny, int halo) { return Extents{nx, ny, 1, halo}; }

}  // namespace lantian::grid
