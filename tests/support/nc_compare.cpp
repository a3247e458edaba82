// nc_compare [--shared-times] A.nc B.nc: exits 0 when every variable of A is in B with
// bit-identical data. Variables with a leading `time` dimension are compared record by record;
// the two files must have the same times (a restarted run's output holds every hour from the
// case start), or, with --shared-times, at least one shared time, compared at the times they
// share. Used by the decomposition and restart tests.
#include <netcdf.h>
#include <netcdf>

#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace netCDF;

namespace {
std::vector<double> read_time(const NcFile& f) {
  NcVar t = f.getVar("time");
  if (t.isNull()) return {};
  std::vector<double> v(t.getDim(0).getSize());
  if (!v.empty()) t.getVar(v.data());
  return v;
}

// Read as double: exact for every float, int and double value, so equality stays bitwise.
std::vector<double> read_slab(const NcVar& v, size_t record, bool timed) {
  std::vector<size_t> start(v.getDimCount(), 0), count(v.getDimCount());
  size_t n = 1;
  for (int d = 0; d < v.getDimCount(); ++d) {
    count[static_cast<size_t>(d)] = v.getDim(d).getSize();
    if (d == 0 && timed) {
      start[0] = record;
      count[0] = 1;
    }
    n *= count[static_cast<size_t>(d)];
  }
  std::vector<double> buf(n);
  if (n) v.getVar(start, count, buf.data());
  return buf;
}
// A 1-D string variable as text.
std::vector<std::string> read_strings(const NcVar& v) {
  if (v.getDimCount() != 1 || v.getType() != ncString) return {"(not a 1-D string variable)"};
  std::vector<char*> p(v.getDim(0).getSize());
  if (!p.empty()) v.getVar(p.data());
  std::vector<std::string> out(p.begin(), p.end());
  if (!p.empty()) nc_free_string(p.size(), p.data());
  return out;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}
}  // namespace

int main(int argc, char** argv) {
  const bool shared_only = argc == 4 && std::string(argv[1]) == "--shared-times";
  if (argc != 3 && !shared_only) {
    std::cerr << "usage: nc_compare [--shared-times] A.nc B.nc\n";
    return 2;
  }
  if (shared_only) ++argv;
  try {
    NcFile a(argv[1], NcFile::read), b(argv[2], NcFile::read);
    const auto ta = read_time(a), tb = read_time(b);
    if (!shared_only && ta != tb) {
      std::cerr << "nc_compare: the files have different times (" << ta.size() << " records in " << argv[1] << ", "
                << tb.size() << " in " << argv[2] << ")\n";
      return 1;
    }
    std::map<double, std::pair<size_t, size_t>> shared;
    for (size_t i = 0; i < ta.size(); ++i)
      for (size_t j = 0; j < tb.size(); ++j)
        if (ta[i] == tb[j]) shared[ta[i]] = {i, j};
    if (!ta.empty() && shared.empty()) {
      std::cerr << "nc_compare: the files share no time\n";
      return 1;
    }
    int differences = 0;
    size_t compared = 0;
    for (const auto& [name, va] : a.getVars()) {
      NcVar vb = b.getVar(name);
      if (vb.isNull()) {
        std::cerr << "nc_compare: variable " << name << " missing from " << argv[2] << '\n';
        ++differences;
        continue;
      }
      if (va.getDimCount() == 0) continue;  // scalar containers (crs): attributes only
      if (va.getType() == ncString) {       // labels (the attribution's `tag` coordinate): text equality
        if (read_strings(va) != read_strings(vb)) {
          std::cerr << "nc_compare: " << name << " differs\n";
          ++differences;
        }
        ++compared;
        continue;
      }
      const bool timed = va.getDimCount() > 0 && va.getDim(0).getName() == "time";
      if (!timed) {
        if (!same_bits(read_slab(va, 0, false), read_slab(vb, 0, false))) {
          std::cerr << "nc_compare: " << name << " differs\n";
          ++differences;
        }
        ++compared;
        continue;
      }
      for (const auto& [t, ij] : shared) {
        if (!same_bits(read_slab(va, ij.first, true), read_slab(vb, ij.second, true))) {
          std::cerr << "nc_compare: " << name << " differs at time " << t << '\n';
          ++differences;
        }
        ++compared;
      }
    }
    std::cout << "nc_compare: " << compared << " slabs compared over " << shared.size() << " shared times, "
              << differences << " differ\n";
    return differences ? 1 : 0;
  } catch (const std::exception& e) {
    std::cerr << "nc_compare: " << e.what() << '\n';
    return 2;
  }
}
