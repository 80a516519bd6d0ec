package dev.sdwebui.extensions;

/**
 * One folder of extensions/, in the shape of A1111's {@code /sdapi/v1/extensions} item.
 *
 * @param name       folder name
 * @param remote     git remote URL ("origin") or null when not a git checkout
 * @param branch     checked-out branch or null
 * @param commitHash HEAD commit or null
 * @param version    first 8 characters of the commit, or "" (A1111's short version)
 * @param enabled    false when listed in the setting disabled_extensions (not wired yet: always true)
 */
public record ExtensionInfo(String name, String remote, String branch, String commitHash, String version,
                            boolean enabled) {
}
