#!/usr/bin/env bash
# Install (or update) the declaration kiosk on a Linux terminal.
#
#   sudo deploy/linux/install.sh [--bundle DIR] [--x11]
#   deploy/linux/install.sh --root DIR [--bundle DIR] [--x11]
#
# Puts the bundle (scripts/bundle's dist/kiosk/, a PyInstaller one-folder build) in
# /opt/declaration-kiosk, creates the `kiosk` system user, its data folder
# /var/lib/declaration-kiosk and its config folder /etc/declaration-kiosk, installs the
# udev rule for the printer and serial ports and the systemd units, and enables the
# cage unit (or, with --x11, the Xorg one). Run again with a new bundle to update: the
# bundle folder is replaced (the new one is copied beside it, then renamed into place),
# and the data folder (store, outbox), the config folder and its kiosk.toml are never
# touched. Running it twice is the same as running it once.
#
# --root DIR installs into DIR instead of / (tests, image builders): nothing on the
# running system is changed (no systemctl, no udevadm); the user is written into DIR's
# own /etc/passwd and /etc/group by `systemd-sysusers --root`, and the unit is enabled
# by the same symlink `systemctl enable` makes. Without root rights (allowed only with
# --root) owners are left as they are; the modes are set all the same.

set -euo pipefail
umask 022

readonly APP=declaration-kiosk
readonly USER_NAME=kiosk
# The groups cage, Xorg and the devices need, beyond the seat access logind gives the
# session: video (DRM, backlight), render (/dev/dri/renderD*), input (the touch screen),
# audio (the chime, read aloud), lp (/dev/usb/lp*), dialout (serial ports). A group the
# system lacks is created by systemd-sysusers.
readonly EXTRA_GROUPS=(video render input audio lp dialout)
readonly UNIT_WAYLAND=declaration-kiosk.service
readonly UNIT_X11=declaration-kiosk-x11.service
readonly RULES=60-declaration-kiosk.rules

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)

say() { printf '%s\n' "$*"; }
fail() {
    printf '%s\n' "install.sh: $*" >&2
    exit 2
}
usage() {
    cat <<EOF
用法 / usage: install.sh [--root DIR] [--bundle DIR] [--x11]
  --root DIR    安装到 DIR 而非 / / install into DIR instead of / (no systemctl, no udevadm)
  --bundle DIR  程序包目录 / the built bundle (default: dist/kiosk of this checkout)
  --x11         启用 X11 版本 / enable the X11 (Xorg) unit instead of the cage one
EOF
}

root_arg=""
bundle_arg=""
variant=wayland
while (($#)); do
    case "$1" in
    --root | --bundle)
        (($# >= 2)) || fail "$1 需要一个目录 / $1 needs a folder"
        [[ -n "$2" ]] || fail "$1 的目录为空 / $1 was given an empty folder name"
        if [[ "$1" == --root ]]; then root_arg=$2; else bundle_arg=$2; fi
        shift 2
        ;;
    --root=* | --bundle=*)
        value=${1#*=}
        [[ -n "$value" ]] || fail "${1%%=*} 的目录为空 / ${1%%=*} was given an empty folder name"
        if [[ "$1" == --root=* ]]; then root_arg=$value; else bundle_arg=$value; fi
        shift
        ;;
    --x11)
        variant=x11
        shift
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        usage >&2
        fail "未知选项 / unknown option: $1"
        ;;
    esac
done

# -- where, and what ------------------------------------------------------------------

if [[ -n "$root_arg" ]]; then
    [[ -d "$root_arg" ]] || fail "目标根目录不存在 / the root folder does not exist: $root_arg"
    root=$(cd "$root_arg" && pwd -P)
else
    root=/
fi
real_root=false
[[ "$root" == / ]] && real_root=true
prefix=${root%/} # "" for the real root: "$prefix/opt" is "/opt"

if $real_root && ((EUID != 0)); then
    fail "安装到本机需要 root 权限 / installing into / needs root (sudo), or give --root DIR"
fi
as_root=false
((EUID == 0)) && as_root=true

bundle_arg=${bundle_arg:-$here/../../dist/kiosk}
[[ -d "$bundle_arg" ]] || fail "找不到程序包目录 / the bundle folder does not exist: $bundle_arg (build it with scripts/bundle)"
bundle=$(cd "$bundle_arg" && pwd -P)
[[ -f "$bundle/kiosk" && -x "$bundle/kiosk" ]] ||
    fail "程序包不完整, 缺少可执行文件 kiosk / the bundle has no executable 'kiosk': $bundle"

opt=$prefix/opt/$APP
data=$prefix/var/lib/$APP
config=$prefix/etc/$APP
case "$bundle/" in
"$opt"/* | "$prefix/opt/.$APP".*/*) # the installed folder, or a staging copy of it
    fail "程序包不能来自安装目录本身 / the bundle cannot be the installed folder itself: $bundle"
    ;;
esac
case "$root/" in
"$bundle"/*) fail "目标根目录不能在程序包内 / the root folder cannot be inside the bundle: $root" ;;
esac
for source in "$here/$UNIT_WAYLAND" "$here/$UNIT_X11" "$here/$RULES"; do
    [[ -f "$source" ]] || fail "缺少文件 / missing file next to install.sh: $source"
done

say "安装到 / installing into: $root (bundle: $bundle, session: $variant)"

# -- the kiosk user ---------------------------------------------------------------------

sysusers_conf=$prefix/etc/sysusers.d/$APP.conf
mkdir -p "$prefix/etc/sysusers.d"
{
    echo "# The declaration kiosk's user (deploy/linux/install.sh), see sysusers.d(5)."
    echo "u $USER_NAME - \"Declaration kiosk\" /var/lib/$APP /usr/sbin/nologin"
    for group in "${EXTRA_GROUPS[@]}"; do
        echo "m $USER_NAME $group"
    done
} >"$sysusers_conf.new"
chmod 0644 "$sysusers_conf.new"
mv -f "$sysusers_conf.new" "$sysusers_conf"

# Whether DIR already has the user in every group (then there is nothing to create:
# systemd-sysusers without root rights cannot reopen the gshadow it made mode 0000).
user_complete() {
    [[ -f "$prefix/etc/passwd" && -f "$prefix/etc/group" ]] || return 1
    awk -F: -v name="$USER_NAME" '$1 == name { found = 1 } END { exit !found }' \
        "$prefix/etc/passwd" || return 1
    local group
    for group in "${EXTRA_GROUPS[@]}"; do
        awk -F: -v group="$group" -v name="$USER_NAME" '
            $1 == group { n = split($4, members, ","); for (i = 1; i <= n; i++) if (members[i] == name) found = 1 }
            END { exit !found }' "$prefix/etc/group" || return 1
    done
}

if user_complete; then
    : # an update, or a second run: the user stays as it is
elif command -v systemd-sysusers >/dev/null 2>&1; then
    # Creates what is missing, leaves what exists: the same user and ids on every run.
    sysusers_args=("$sysusers_conf")
    $real_root || sysusers_args=(--root="$root" "$sysusers_conf")
    if ! sysusers_out=$(systemd-sysusers "${sysusers_args[@]}" 2>&1); then
        printf '%s\n' "$sysusers_out" >&2
        fail "无法创建用户 $USER_NAME / systemd-sysusers could not create the user $USER_NAME"
    fi
elif $real_root; then
    if ! id -u "$USER_NAME" >/dev/null 2>&1; then
        useradd --system --user-group --home-dir "/var/lib/$APP" --no-create-home \
            --shell /usr/sbin/nologin --comment "Declaration kiosk" "$USER_NAME"
    fi
    for group in "${EXTRA_GROUPS[@]}"; do
        getent group "$group" >/dev/null || groupadd --system "$group"
        usermod -a -G "$group" "$USER_NAME"
    done
else
    say "注意 / note: systemd-sysusers 不可用, 用户将在首次启动时创建 / systemd-sysusers is missing: the user is created at the image's first boot from $sysusers_conf"
fi

# The kiosk user's ids as DIR knows them (the host's passwd knows nothing of DIR's).
lookup_id() { # file name -> id (empty when absent)
    [[ -f "$1" ]] || return 0
    awk -F: -v name="$2" '$1 == name { print $3; exit }' "$1"
}
kiosk_uid=$(lookup_id "$prefix/etc/passwd" "$USER_NAME")
kiosk_gid=$(lookup_id "$prefix/etc/group" "$USER_NAME")
owners=false
if $as_root && [[ -n "$kiosk_uid" && -n "$kiosk_gid" ]]; then
    owners=true
elif ! $as_root; then
    say "注意 / note: 非 root 运行, 不设置属主 / not run as root: owners are left as they are, modes are set"
fi
set_owner() { # owner-uid group-gid path
    if $owners; then chown "$1:$2" "$3"; fi
}

# -- the folders ------------------------------------------------------------------------

# The data folder (store, outbox, tickets, logs, the kiosk's HOME): the kiosk's alone.
# Created once; an update never changes it or anything in it.
if [[ ! -d "$data" ]]; then
    mkdir -p "$prefix/var/lib"
    mkdir -m 0700 "$data"
    set_owner "$kiosk_uid" "$kiosk_gid" "$data"
fi

# The config folder: root's, group kiosk, 0770. `kiosk provision` runs as the kiosk
# user and writes kiosk.toml (mode 0600) by a temporary file renamed over the old one
# (kiosk.atomic), so the kiosk's group must be able to create and rename files here;
# root owning the folder keeps the kiosk from loosening its mode, and "other" has no
# access at all (the token is inside). Created once; an update never changes it.
if [[ ! -d "$config" ]]; then
    mkdir -m 0770 "$config"
    set_owner 0 "$kiosk_gid" "$config"
fi

# -- the bundle -------------------------------------------------------------------------

# Stop a running kiosk before its files change under it (Qt loads plugins and QML
# lazily: an old process would read the new bundle's files), start it again after.
was_active=""
if $real_root && command -v systemctl >/dev/null 2>&1; then
    for unit in "$UNIT_WAYLAND" "$UNIT_X11"; do
        if systemctl is-active --quiet "$unit"; then
            was_active=$unit
            systemctl stop "$unit"
        fi
    done
fi

mkdir -p "$prefix/opt"
# Leftovers of an interrupted run (the new copy, or the old folder not yet removed).
find "$prefix/opt" -maxdepth 1 \( -name ".$APP.new.*" -o -name ".$APP.old.*" \) \
    -exec rm -rf {} +
staging=$prefix/opt/.$APP.new.$$
old=$prefix/opt/.$APP.old.$$
cp -R "$bundle" "$staging"
# Root's and read-only for everyone else: a compromised kiosk cannot replace its code.
chmod -R u+rwX,go+rX,go-w "$staging"
if $as_root; then chown -R 0:0 "$staging"; fi
if [[ -e "$opt" ]]; then
    mv -T "$opt" "$old"
fi
mv -T "$staging" "$opt"
rm -rf "$old"

# -- udev and systemd -------------------------------------------------------------------

# Parents by mkdir -p (umask 022): an existing system folder keeps its mode.
mkdir -p "$prefix/etc/udev/rules.d" "$prefix/etc/systemd/system"
install -m 0644 "$here/$RULES" "$prefix/etc/udev/rules.d/$RULES"
install -m 0644 "$here/$UNIT_WAYLAND" "$prefix/etc/systemd/system/$UNIT_WAYLAND"
install -m 0644 "$here/$UNIT_X11" "$prefix/etc/systemd/system/$UNIT_X11"

if [[ "$variant" == x11 ]]; then
    enable=$UNIT_X11 disable=$UNIT_WAYLAND
else
    enable=$UNIT_WAYLAND disable=$UNIT_X11
fi

if $real_root; then
    if command -v udevadm >/dev/null 2>&1; then
        udevadm control --reload
        # Devices already plugged in (the printer) get the new group without a replug.
        udevadm trigger --action=change --subsystem-match=usb --subsystem-match=usbmisc \
            --subsystem-match=tty
    fi
    systemctl daemon-reload
    systemctl disable --quiet "$disable" 2>/dev/null || true
    systemctl enable --quiet "$enable"
    if [[ -n "$was_active" ]]; then
        systemctl start "$enable"
    fi
    if systemctl is-enabled --quiet display-manager.service 2>/dev/null; then
        say "注意 / note: 已启用桌面登录管理器, 请禁用 / a display manager is enabled and would take the screen: systemctl disable display-manager.service"
    fi
else
    # What `systemctl enable` does, inside DIR: the [Install] section's WantedBy= link.
    wants=$prefix/etc/systemd/system/multi-user.target.wants
    mkdir -p "$wants"
    rm -f "$wants/$disable"
    ln -sfn "/etc/systemd/system/$enable" "$wants/$enable"
fi

say "已安装 / installed: $opt (启用 / enabled: $enable)"
if [[ ! -f "$config/kiosk.toml" ]]; then
    say "下一步 / next: sudo -u $USER_NAME /opt/$APP/kiosk --config /etc/$APP/kiosk.toml provision --central URL --code CODE"
fi
