package dev.sdwebui.nn.unet;

import ai.djl.ndarray.NDArray;

/** One child of an input/middle/output block (openaimodel TimestepEmbedSequential). */
interface UNetLayer {
    /**
     * @param x [B, C, H, W]
     * @param emb [B, 4*model_channels] timestep embedding
     * @param context [B, 77, context_dim]
     */
    NDArray forward(NDArray x, NDArray emb, NDArray context);
}
