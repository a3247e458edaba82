#include "solver/io/nc_complete.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <vector>

#include "solver/core/error.hpp"

namespace lantian::io {

namespace {

/// Big-endian reader of the classic header.
class Header {
 public:
  Header(std::ifstream& in, const std::string& path) : in_(in), path_(path) {}
  std::uint64_t u(int bytes) {
    unsigned char b[8] = {};
    if (!in_.read(reinterpret_cast<char*>(b), bytes))
      throw Error::in_file(path_, "truncated: the netCDF header ends early");
    std::uint64_t v = 0;
    for (int q = 0; q < bytes; ++q) v = (v << 8) | b[q];
    return v;
  }
  void skip(std::uint64_t bytes) {
    in_.seekg(static_cast<std::streamoff>(bytes), std::ios::cur);
    if (!in_) throw Error::in_file(path_, "truncated: the netCDF header ends early");
  }
  std::string name(int nbytes) {
    const std::uint64_t n = u(nbytes);
    std::string s(n, '\0');
    if (n > 0 && !in_.read(s.data(), static_cast<std::streamsize>(n)))
      throw Error::in_file(path_, "truncated: the netCDF header ends early");
    skip((4 - n % 4) % 4);
    return s;
  }

 private:
  std::ifstream& in_;
  const std::string& path_;
};

std::uint64_t type_size(std::uint64_t t) {
  switch (t) {
    case 1:
    case 2:
    case 7: return 1;  // byte, char, ubyte
    case 3:
    case 8: return 2;  // short, ushort
    case 4:
    case 5:
    case 9: return 4;  // int, float, uint
    case 6:
    case 10:
    case 11: return 8;  // double, int64, uint64
    default: return 0;
  }
}

}  // namespace

void check_not_truncated(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::in_file(path, "cannot open");
  char magic[4] = {};
  if (!in.read(magic, 4)) return;
  if (magic[0] != 'C' || magic[1] != 'D' || magic[2] != 'F') return;  // not netCDF-3
  const int version = magic[3];
  const int nn = version == 5 ? 8 : 4;   // NON_NEG size
  const int off = version == 1 ? 4 : 8;  // OFFSET size
  Header h(in, path);
  std::uint64_t numrecs = h.u(nn);
  if (numrecs == (version == 5 ? ~std::uint64_t{0} : 0xFFFFFFFFull)) numrecs = 0;  // streaming
  // Dimensions.
  std::vector<std::uint64_t> dim_len;
  int rec_dim = -1;
  std::uint64_t tag = h.u(4), n = h.u(nn);
  if (tag == 0x0A)
    for (std::uint64_t d = 0; d < n; ++d) {
      h.name(nn);
      dim_len.push_back(h.u(nn));
      if (dim_len.back() == 0) rec_dim = static_cast<int>(d);
    }
  auto skip_atts = [&]() {
    const std::uint64_t t = h.u(4), na = h.u(nn);
    if (t != 0x0C) return;
    for (std::uint64_t a = 0; a < na; ++a) {
      h.name(nn);
      const std::uint64_t ty = h.u(4), ne = h.u(nn);
      const std::uint64_t bytes = ne * type_size(ty);
      h.skip(bytes + (4 - bytes % 4) % 4);
    }
  };
  skip_atts();  // global attributes
  struct Var {
    std::string name;
    bool rec = false;
    std::uint64_t bytes = 0, begin = 0;
  };
  std::vector<Var> vars;
  tag = h.u(4);
  n = h.u(nn);
  if (tag == 0x0B)
    for (std::uint64_t v = 0; v < n; ++v) {
      Var var;
      var.name = h.name(nn);
      const std::uint64_t nd = h.u(nn);
      std::uint64_t count = 1;
      for (std::uint64_t d = 0; d < nd; ++d) {
        const std::uint64_t id = h.u(nn);
        if (id >= dim_len.size()) throw Error::in_file(path, "netCDF header names an unknown dimension", var.name);
        if (d == 0 && static_cast<int>(id) == rec_dim) var.rec = true;
        else count *= dim_len[id];
      }
      skip_atts();
      const std::uint64_t ty = h.u(4);
      h.u(nn);  // vsize (may be capped for large variables: recomputed from the shape)
      var.begin = h.u(off);
      var.bytes = count * type_size(ty);
      vars.push_back(var);
    }
  // One record holds every record variable, each padded to 4 bytes unless it is the only one.
  std::uint64_t recsize = 0, nrec_vars = 0;
  for (const Var& v : vars)
    if (v.rec) ++nrec_vars;
  for (const Var& v : vars)
    if (v.rec) recsize += nrec_vars == 1 ? v.bytes : v.bytes + (4 - v.bytes % 4) % 4;
  const std::uint64_t size = std::filesystem::file_size(path);
  for (const Var& v : vars) {
    if (v.rec && numrecs == 0) continue;
    const std::uint64_t end = v.begin + (v.rec ? (numrecs - 1) * recsize : 0) + v.bytes;
    if (end > size)
      throw Error::in_file(path,
                           "truncated: the data end at byte " + std::to_string(end) +
                               (v.rec ? " (record " + std::to_string(numrecs - 1) + ")" : std::string()) +
                               ", the file has " + std::to_string(size) + " bytes",
                           v.name);
  }
}

}  // namespace lantian::io
