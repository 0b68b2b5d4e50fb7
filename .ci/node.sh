# Source this file: it puts Node 24 LTS on PATH, fetched once from the npm registry (the
# `node-linux-<arch>` package carries the binary and the headers native modules build against).
# Used by .ci/run and by developers whose machine has an older Node.
# shellcheck shell=bash
BANSHI_NODE_VERSION="${BANSHI_NODE_VERSION:-24.21.0}"
_banshi_node_ok() {
  command -v node >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>24||(a===24)?0:1)' 2>/dev/null
}
if ! _banshi_node_ok; then
  case "$(uname -m)" in
    x86_64) _arch=x64 ;;
    aarch64 | arm64) _arch=arm64 ;;
    *) echo "不支持的处理器架构 / unsupported CPU: $(uname -m)" >&2; return 1 ;;
  esac
  _dir="${XDG_CACHE_HOME:-$HOME/.cache}/banshi-kiosk/node-v${BANSHI_NODE_VERSION}-linux-${_arch}"
  if [ ! -x "$_dir/bin/node" ]; then
    echo "正在准备 Node ${BANSHI_NODE_VERSION} (from the npm registry) …" >&2
    _tmp="$(mktemp -d)"
    (cd "$_tmp" && npm pack --silent "node-linux-${_arch}@${BANSHI_NODE_VERSION}" >/dev/null) || { echo "无法获取 Node ${BANSHI_NODE_VERSION}" >&2; return 1; }
    mkdir -p "$_dir"
    tar -xzf "$_tmp"/node-linux-"${_arch}"-*.tgz -C "$_dir" --strip-components=1
    rm -rf "$_tmp"
  fi
  export PATH="$_dir/bin:$PATH"
  export npm_config_nodedir="$_dir"
fi
# Native modules (better-sqlite3, serialport, usb, node-hid) build against the running Node's headers.
if [ -z "${npm_config_nodedir:-}" ]; then
  _nd="$(dirname "$(dirname "$(command -v node)")")"
  [ -d "$_nd/include/node" ] && export npm_config_nodedir="$_nd"
fi
unset _arch _dir _tmp _nd
