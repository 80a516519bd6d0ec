package dev.sdwebui.api;

/** An empty txt2img body (every field absent): what POST /txt2img without a body means. */
final class Txt2ImgRequestDefaults {

    static final Txt2ImgRequest EMPTY = new Txt2ImgRequest(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null);

    private Txt2ImgRequestDefaults() {
    }
}
