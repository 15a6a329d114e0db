# Sourced by scripts/test.sh and scripts/demo.sh: installs the Debian packages they need, when
# it can (as root or through sudo), and checks for the .NET SDK. Where it cannot, it stops with
# one line saying what to run.
#
#   need_packages=(); need_libsecp256k1   (adds libsecp256k1-1 to need_packages when it is missing)
#   install_missing_packages PACKAGE...   (an empty list does nothing)
#   require_dotnet

# The engine's curve operations call the system libsecp256k1 (Debian's libsecp256k1-1).
need_libsecp256k1() {
  if ! ldconfig -p 2>/dev/null | grep -q 'libsecp256k1\.so\.1 '; then
    need_packages+=(libsecp256k1-1)
  fi
}

install_missing_packages() {
  [ "$#" -gt 0 ] || return 0
  local apt_get
  if [ "$(id -u)" -eq 0 ]; then
    apt_get=(apt-get)
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    apt_get=(sudo apt-get)
  else
    echo "missing $*: run 'sudo apt-get install -y $*' and try again" >&2
    exit 1
  fi
  echo "installing $* ..."
  "${apt_get[@]}" update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq "$@" >/dev/null
}

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "dotnet not found: install the .NET 10 SDK (https://dot.net) and try again" >&2
    exit 1
  fi
}
