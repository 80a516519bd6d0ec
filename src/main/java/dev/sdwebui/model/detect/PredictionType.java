package dev.sdwebui.model.detect;

/** What the UNet predicts: the noise (eps, SD 1.x and 2.x base) or the velocity (v, SD 2.x 768-v). */
public enum PredictionType {
    EPS,
    V
}
