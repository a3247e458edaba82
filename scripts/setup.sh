#!/usr/bin/env bash
# Installs what LanTian needs from Debian 12's packages, if anything is missing. Idempotent and
# quick when everything is there (one dpkg query). Needs root (or sudo) only when installing.
set -euo pipefail
packages=(
  g++ cmake ninja-build pkg-config make
  libopenmpi-dev openmpi-bin                      # MPI
  libnetcdf-dev libnetcdf-c++4-dev netcdf-bin     # NetCDF-C/C++ (netCDF-4 on serial HDF5)
  libhdf5-dev
  libpnetcdf-dev                                  # parallel output/checkpoints (CDF-5, PnetCDF; optional at build time)
  libboost-program-options-dev                    # command line
  catch2                                          # tests (v2 in Debian 12)
  libtomlplusplus-dev                             # case files
  nlohmann-json3-dev                              # GeoJSON zones
  python3 python3-numpy python3-matplotlib python3-netcdf4   # plots and demo inventory
  gmt-gshhg-high                                  # real coastlines on the maps (GSHHG; scripts/coastline.py)
  chromium python3-websockets python3-html5lib    # tests: the bulletin in headless Chromium, HTML5 parse check
)
missing=()
for p in "${packages[@]}"; do
  [[ "$p" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "== setup: all dependencies present"
  exit 0
fi
echo "== setup: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
