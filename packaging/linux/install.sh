#!/bin/sh
# Install Cable Reader for you alone (no root needed), from the unpacked release folder:
#   ./install.sh                 # into ~/.local: the program, a command, the menu entry, icons
#   ./install.sh --uninstall     # remove them again (your notes and library are kept)
#   PREFIX=/opt/cable ./install.sh   # elsewhere (the menu entry then needs that share/ in XDG_DATA_DIRS)
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
prefix=${PREFIX:-"$HOME/.local"}
app_dir="$prefix/lib/cable-reader"
bin_dir="$prefix/bin"
share="$prefix/share"
desktop_file="$share/applications/cable-reader.desktop"
metainfo_file="$share/metainfo/cable-reader.metainfo.xml"
icon_sizes="16 24 32 48 64 128 256 512"

refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$share/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$share/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t -f "$share/icons/hicolor" || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf -- "$app_dir"
    rm -f -- "$bin_dir/cable-reader" "$desktop_file" "$metainfo_file"
    for size in $icon_sizes; do
        rm -f -- "$share/icons/hicolor/${size}x${size}/apps/cable-reader.png"
    done
    rm -f -- "$share/icons/hicolor/scalable/apps/cable-reader.svg"
    refresh_caches
    echo "Cable Reader removed. Your library and notes are still in ${XDG_DATA_HOME:-$HOME/.local/share}/cable-reader."
    exit 0
fi
if [ $# -gt 0 ]; then
    echo "usage: $0 [--uninstall]" >&2
    exit 2
fi
if [ ! -x "$here/cable-reader" ] || [ ! -d "$here/_internal" ]; then
    echo "$0: run me from the unpacked Cable Reader folder (cable-reader and _internal/ beside me)" >&2
    exit 1
fi

# The program: copied aside, then swapped in, so a failed copy leaves the old one working.
mkdir -p -- "$prefix/lib" "$bin_dir" "$share/applications" "$share/metainfo"
rm -rf -- "$app_dir.new"
mkdir -p -- "$app_dir.new"
cp -R -- "$here/cable-reader" "$here/_internal" "$app_dir.new/"
rm -rf -- "$app_dir"
mv -- "$app_dir.new" "$app_dir"
ln -sf -- "$app_dir/cable-reader" "$bin_dir/cable-reader"

# The menu entry runs the program by its full path: ~/.local/bin is not always on a session's PATH.
sed -e "s|^Exec=.*|Exec=\"$app_dir/cable-reader\"|" -e "s|^TryExec=.*|TryExec=$app_dir/cable-reader|" \
    "$here/cable-reader.desktop" > "$desktop_file"
cp -- "$here/cable-reader.metainfo.xml" "$metainfo_file"
icons="$app_dir/_internal/resources/icons"
for size in $icon_sizes; do
    mkdir -p -- "$share/icons/hicolor/${size}x${size}/apps"
    cp -- "$icons/cable-reader-$size.png" "$share/icons/hicolor/${size}x${size}/apps/cable-reader.png"
done
mkdir -p -- "$share/icons/hicolor/scalable/apps"
cp -- "$icons/cable-reader.svg" "$share/icons/hicolor/scalable/apps/cable-reader.svg"
refresh_caches

echo "Cable Reader installed in $app_dir"
echo "  Start it from your applications menu, or run: $bin_dir/cable-reader"
case ":$PATH:" in
    *":$bin_dir:"*) ;;
    *) echo "  ($bin_dir is not on your PATH: add it to run 'cable-reader' by name)" ;;
esac
