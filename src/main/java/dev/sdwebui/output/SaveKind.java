package dev.sdwebui.output;

/** Which tab produced an image; picks the output folder. */
public enum SaveKind {
    TXT2IMG,
    IMG2IMG,
    EXTRAS
}
