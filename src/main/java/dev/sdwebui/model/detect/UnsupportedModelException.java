package dev.sdwebui.model.detect;

import java.nio.file.Path;

/** The checkpoint is readable but of a family this version cannot run ("SDXL detected: not supported yet"). */
public class UnsupportedModelException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ModelDetection detection;

    public UnsupportedModelException(Path file, ModelDetection detection) {
        super("cannot load " + file.getFileName() + ": " + detection.describe());
        this.detection = detection;
    }

    public ModelDetection detection() {
        return detection;
    }
}
