// nc_same_content [--except-key KEY]... A.nc B.nc: exits 0 when the two files hold the same
// content whatever their format (netCDF-4 or CDF-5): the same dimensions (name, length,
// unlimited), global attributes, variables (name, type, dimensions), variable attributes
// (name, type, values) and data, bit for bit. --except-key drops the line `KEY = ...` from
// both files' `case_config` attribute (the effective case, which names the keys a test varies:
// output.io, output.dir) before comparing it. Prints each difference; exit 1 when any, 2 on
// an unreadable file. Used by the io_paths tests (serial and parallel paths, 1-4 ranks).
#include <netcdf.h>

#include <cstring>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct File {
  int id = -1;
  std::string path;
};

void ok(int status, const std::string& what) {
  if (status != NC_NOERR) throw std::runtime_error(what + ": " + nc_strerror(status));
}

size_t type_size(int ncid, nc_type t) {
  size_t n = 0;
  ok(nc_inq_type(ncid, t, nullptr, &n), "type size");
  return n;
}

/// An attribute as text: its type, length and bytes (strings: each value).
std::string att_value(int ncid, int varid, const std::string& name, const std::vector<std::string>& except) {
  nc_type t = NC_NAT;
  size_t len = 0;
  ok(nc_inq_att(ncid, varid, name.c_str(), &t, &len), name);
  std::ostringstream os;
  os << "type " << t << ", length " << len << ": ";
  if (t == NC_STRING) {
    std::vector<char*> p(len);
    ok(nc_get_att_string(ncid, varid, name.c_str(), p.data()), name);
    for (char* s : p) os << '"' << s << "\" ";
    nc_free_string(len, p.data());
    return os.str();
  }
  std::string bytes(len * type_size(ncid, t), '\0');
  if (len) ok(nc_get_att(ncid, varid, name.c_str(), bytes.data()), name);
  if (t == NC_CHAR && name == "case_config" && !except.empty()) {
    std::istringstream in(bytes);
    std::string line, kept;
    while (std::getline(in, line)) {
      bool drop = false;
      for (const auto& k : except) drop = drop || line.rfind(k + " = ", 0) == 0;
      if (!drop) kept += line + '\n';
    }
    return "type " + std::to_string(t) + " (some lines left out): " + kept;
  }
  return os.str() + bytes;
}

std::vector<std::string> att_names(int ncid, int varid) {
  int n = 0;
  ok(varid == NC_GLOBAL ? nc_inq_natts(ncid, &n) : nc_inq_varnatts(ncid, varid, &n), "attributes");
  std::vector<std::string> names;
  for (int a = 0; a < n; ++a) {
    char name[NC_MAX_NAME + 1];
    ok(nc_inq_attname(ncid, varid, a, name), "attribute name");
    names.emplace_back(name);
  }
  return names;
}

/// A variable's data as bytes (strings: the values joined).
std::string var_data(int ncid, int varid) {
  nc_type t = NC_NAT;
  int nd = 0;
  ok(nc_inq_var(ncid, varid, nullptr, &t, &nd, nullptr, nullptr), "variable");
  std::vector<int> dims(static_cast<size_t>(nd));
  ok(nc_inq_vardimid(ncid, varid, dims.data()), "variable dims");
  size_t n = 1;
  for (int d : dims) {
    size_t len = 0;
    ok(nc_inq_dimlen(ncid, d, &len), "dim length");
    n *= len;
  }
  if (t == NC_STRING) {
    std::vector<char*> p(n);
    if (n) ok(nc_get_var_string(ncid, varid, p.data()), "strings");
    std::string out;
    for (char* s : p) out += std::string(s) + '\0';
    if (n) nc_free_string(n, p.data());
    return out;
  }
  std::string bytes(n * type_size(ncid, t), '\0');
  if (n) ok(nc_get_var(ncid, varid, bytes.data()), "data");
  return bytes;
}

std::string var_header(int ncid, int varid) {
  nc_type t = NC_NAT;
  int nd = 0;
  ok(nc_inq_var(ncid, varid, nullptr, &t, &nd, nullptr, nullptr), "variable");
  std::vector<int> dims(static_cast<size_t>(nd));
  ok(nc_inq_vardimid(ncid, varid, dims.data()), "variable dims");
  std::string out = "type " + std::to_string(t) + ", dims (";
  for (int d : dims) {
    char name[NC_MAX_NAME + 1];
    ok(nc_inq_dimname(ncid, d, name), "dim name");
    out += std::string(name) + " ";
  }
  return out + ")";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> except, paths;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg == "--except-key" && a + 1 < argc) {
      except.emplace_back(argv[++a]);
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.size() != 2) {
    std::cerr << "usage: nc_same_content [--except-key KEY]... A.nc B.nc\n";
    return 2;
  }
  int differences = 0;
  auto differ = [&](const std::string& what) {
    std::cerr << "nc_same_content: " << what << '\n';
    ++differences;
  };
  try {
    File f[2];
    for (int i = 0; i < 2; ++i) {
      f[i].path = paths[static_cast<size_t>(i)];
      ok(nc_open(f[i].path.c_str(), NC_NOWRITE, &f[i].id), f[i].path);
    }
    const int a = f[0].id, b = f[1].id;
    // Dimensions, by name.
    int nda = 0, ndb = 0, unlim_a = -1, unlim_b = -1;
    ok(nc_inq(a, &nda, nullptr, nullptr, &unlim_a), paths[0]);
    ok(nc_inq(b, &ndb, nullptr, nullptr, &unlim_b), paths[1]);
    if (nda != ndb) differ("dimension counts " + std::to_string(nda) + " and " + std::to_string(ndb));
    for (int d = 0; d < nda; ++d) {
      char name[NC_MAX_NAME + 1];
      size_t la = 0, lb = 0;
      ok(nc_inq_dim(a, d, name, &la), "dimension");
      int db = -1;
      if (nc_inq_dimid(b, name, &db) != NC_NOERR) {
        differ(std::string("dimension ") + name + " missing from " + paths[1]);
        continue;
      }
      ok(nc_inq_dimlen(b, db, &lb), "dimension");
      if (la != lb || (d == unlim_a) != (db == unlim_b))
        differ(std::string("dimension ") + name + ": " + std::to_string(la) + (d == unlim_a ? " (unlimited)" : "") +
               " and " + std::to_string(lb) + (db == unlim_b ? " (unlimited)" : ""));
    }
    // Attributes of a variable (or the global ones) in both files.
    size_t compared = 0;
    auto compare_atts = [&](int va, int vb, const std::string& owner) {
      const auto na = att_names(a, va), nb = att_names(b, vb);
      if (na.size() != nb.size())
        differ(owner + ": " + std::to_string(na.size()) + " and " + std::to_string(nb.size()) + " attributes");
      for (const auto& name : na) {
        nc_type t = NC_NAT;
        if (nc_inq_atttype(b, vb, name.c_str(), &t) != NC_NOERR) {
          differ(owner + ": attribute " + name + " missing from " + paths[1]);
          continue;
        }
        if (att_value(a, va, name, except) != att_value(b, vb, name, except))
          differ(owner + ": attribute " + name + " differs");
        ++compared;
      }
    };
    compare_atts(NC_GLOBAL, NC_GLOBAL, "global");
    int nva = 0, nvb = 0;
    ok(nc_inq_nvars(a, &nva), paths[0]);
    ok(nc_inq_nvars(b, &nvb), paths[1]);
    if (nva != nvb) differ("variable counts " + std::to_string(nva) + " and " + std::to_string(nvb));
    for (int v = 0; v < nva; ++v) {
      char name[NC_MAX_NAME + 1];
      ok(nc_inq_varname(a, v, name), "variable");
      int vb = -1;
      if (nc_inq_varid(b, name, &vb) != NC_NOERR) {
        differ(std::string("variable ") + name + " missing from " + paths[1]);
        continue;
      }
      if (var_header(a, v) != var_header(b, vb))
        differ(std::string("variable ") + name + ": " + var_header(a, v) + " and " + var_header(b, vb));
      else if (var_data(a, v) != var_data(b, vb)) differ(std::string("variable ") + name + ": data differ");
      compare_atts(v, vb, std::string("variable ") + name);
      ++compared;
    }
    std::cout << "nc_same_content: " << nda << " dimensions, " << nva << " variables and " << compared
              << " attributes and variables compared; " << differences << " differ\n";
    nc_close(a);
    nc_close(b);
  } catch (const std::exception& e) {
    std::cerr << "nc_same_content: " << e.what() << '\n';
    return 2;
  }
  return differences ? 1 : 0;
}
