package dev.sdwebui.pipeline;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** Prepares the calling thread for inference: the engine loaded, libtorch grad mode off (it is per thread). */
final class InferenceThread {

    private InferenceThread() {
    }

    static void enter() {
        Engine.getEngine("PyTorch"); // loads libtorch before the first JNI call
        JniUtils.setGradMode(false);
    }
}
