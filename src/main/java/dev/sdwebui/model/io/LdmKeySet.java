package dev.sdwebui.model.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Every tensor name and shape of an SD 1.x LDM checkpoint, derived from its {@link LdmTopology} the way
 * the reference modules build their parameters:
 * UNet: CompVis ldm/modules/diffusionmodules/openaimodel.py {@code UNetModel.__init__} (ResBlock,
 * SpatialTransformer from ldm/modules/attention.py, Downsample/Upsample);
 * VAE: ldm/modules/diffusionmodules/model.py {@code Encoder}/{@code Decoder} + AutoencoderKL quant convs;
 * CLIP: transformers CLIPTextModel ({@code text_model.embeddings/encoder.layers/final_layer_norm});
 * schedule buffers: ldm/models/diffusion/ddpm.py {@code register_schedule}.
 */
final class LdmKeySet {

    private final List<SafetensorsWriter.TensorSpec> out = new ArrayList<>();
    private final StoredDType dtype;

    private LdmKeySet(StoredDType dtype) {
        this.dtype = dtype;
    }

    static List<SafetensorsWriter.TensorSpec> of(LdmTopology t, StoredDType floatType) {
        LdmKeySet k = new LdmKeySet(floatType);
        k.unet("model.diffusion_model.", t);
        k.vae("first_stage_model.", t);
        k.clip("cond_stage_model.transformer.text_model.", t);
        for (String b : ScheduleBuffers.NAMES) {
            k.add(b, 1000);
        }
        if (t.emaCounters()) {
            k.add("model_ema.decay");
            k.out.add(new SafetensorsWriter.TensorSpec("model_ema.num_updates", StoredDType.I32, new long[0]));
        }
        return k.out;
    }

    private void add(String name, long... shape) {
        out.add(new SafetensorsWriter.TensorSpec(name, dtype, shape));
    }

    private void weightBias(String p, long... wShape) {
        add(p + ".weight", wShape);
        add(p + ".bias", wShape[0]);
    }

    private void norm(String p, long c) {
        add(p + ".weight", c);
        add(p + ".bias", c);
    }

    private void conv(String p, long out, long in, long k) {
        weightBias(p, out, in, k, k);
    }

    // ---- UNet (openaimodel.UNetModel, use_spatial_transformer=True) ----
    private void unet(String p, LdmTopology t) {
        long mc = t.unetChannels();
        long temb = 4 * mc;
        weightBias(p + "time_embed.0", temb, mc);
        weightBias(p + "time_embed.2", temb, temb);
        conv(p + "input_blocks.0.0", mc, t.unetInChannels(), 3);
        List<Long> skips = new ArrayList<>(List.of(mc));
        long ch = mc;
        int ds = 1;
        int block = 1;
        for (int level = 0; level < t.unetMult().length; level++) {
            for (int r = 0; r < t.unetResBlocks(); r++, block++) {
                long outCh = mc * t.unetMult()[level];
                resBlock(p + "input_blocks." + block + ".0", ch, outCh, temb);
                ch = outCh;
                if (t.attentionDs().contains(ds)) {
                    transformer(p + "input_blocks." + block + ".1", ch, t.contextDim());
                }
                skips.add(ch);
            }
            if (level != t.unetMult().length - 1) {
                conv(p + "input_blocks." + block++ + ".0.op", ch, ch, 3);
                skips.add(ch);
                ds *= 2;
            }
        }
        resBlock(p + "middle_block.0", ch, ch, temb);
        transformer(p + "middle_block.1", ch, t.contextDim());
        resBlock(p + "middle_block.2", ch, ch, temb);
        block = 0;
        for (int level = t.unetMult().length - 1; level >= 0; level--) {
            for (int r = 0; r <= t.unetResBlocks(); r++, block++) {
                long outCh = mc * t.unetMult()[level];
                String b = p + "output_blocks." + block;
                resBlock(b + ".0", ch + skips.remove(skips.size() - 1), outCh, temb);
                ch = outCh;
                int sub = 1;
                if (t.attentionDs().contains(ds)) {
                    transformer(b + "." + sub++, ch, t.contextDim());
                }
                if (level > 0 && r == t.unetResBlocks()) {
                    conv(b + "." + sub + ".conv", ch, ch, 3);
                    ds /= 2;
                }
            }
        }
        norm(p + "out.0", mc);
        conv(p + "out.2", 4, mc, 3);
    }

    private void resBlock(String p, long in, long out, long temb) {
        norm(p + ".in_layers.0", in);
        conv(p + ".in_layers.2", out, in, 3);
        weightBias(p + ".emb_layers.1", out, temb);
        norm(p + ".out_layers.0", out);
        conv(p + ".out_layers.3", out, out, 3);
        if (in != out) {
            conv(p + ".skip_connection", out, in, 1);
        }
    }

    // SpatialTransformer, depth 1, conv proj_in/proj_out (SD 1.x, use_linear_in_transformer=False)
    private void transformer(String p, long c, long context) {
        norm(p + ".norm", c);
        conv(p + ".proj_in", c, c, 1);
        String tb = p + ".transformer_blocks.0";
        attention(tb + ".attn1", c, c);
        weightBias(tb + ".ff.net.0.proj", 8 * c, c);  // GEGLU: Linear(c, 2 * 4c)
        weightBias(tb + ".ff.net.2", c, 4 * c);
        attention(tb + ".attn2", c, context);
        norm(tb + ".norm1", c);
        norm(tb + ".norm2", c);
        norm(tb + ".norm3", c);
        conv(p + ".proj_out", c, c, 1);
    }

    private void attention(String p, long c, long kvDim) {
        add(p + ".to_q.weight", c, c);
        add(p + ".to_k.weight", c, kvDim);
        add(p + ".to_v.weight", c, kvDim);
        weightBias(p + ".to_out.0", c, c);
    }

    // ---- VAE (AutoencoderKL, embed_dim 4, z_channels 4, double_z) ----
    private void vae(String p, LdmTopology t) {
        long ch = t.vaeChannels();
        int[] mult = t.vaeMult();
        String e = p + "encoder.";
        conv(e + "conv_in", ch, 3, 3);
        long in = ch;
        for (int i = 0; i < mult.length; i++) {
            for (int j = 0; j < t.vaeResBlocks(); j++) {
                vaeResnet(e + "down." + i + ".block." + j, in, ch * mult[i]);
                in = ch * mult[i];
            }
            if (i != mult.length - 1) {
                conv(e + "down." + i + ".downsample.conv", in, in, 3);
            }
        }
        vaeMid(e + "mid.", in);
        norm(e + "norm_out", in);
        conv(e + "conv_out", 8, in, 3);
        String d = p + "decoder.";
        long top = ch * mult[mult.length - 1];
        conv(d + "conv_in", top, 4, 3);
        vaeMid(d + "mid.", top);
        in = top;
        for (int i = mult.length - 1; i >= 0; i--) {
            for (int j = 0; j <= t.vaeResBlocks(); j++) {
                vaeResnet(d + "up." + i + ".block." + j, in, ch * mult[i]);
                in = ch * mult[i];
            }
            if (i != 0) {
                conv(d + "up." + i + ".upsample.conv", in, in, 3);
            }
        }
        norm(d + "norm_out", in);
        conv(d + "conv_out", 3, in, 3);
        conv(p + "quant_conv", 8, 8, 1);
        conv(p + "post_quant_conv", 4, 4, 1);
    }

    private void vaeResnet(String p, long in, long out) {
        norm(p + ".norm1", in);
        conv(p + ".conv1", out, in, 3);
        norm(p + ".norm2", out);
        conv(p + ".conv2", out, out, 3);
        if (in != out) {
            conv(p + ".nin_shortcut", out, in, 1);
        }
    }

    private void vaeMid(String p, long c) {
        vaeResnet(p + "block_1", c, c);
        norm(p + "attn_1.norm", c);
        for (String x : new String[] {"q", "k", "v", "proj_out"}) {
            conv(p + "attn_1." + x, c, c, 1);
        }
        vaeResnet(p + "block_2", c, c);
    }

    // ---- CLIP text encoder (transformers CLIPTextModel naming) ----
    private void clip(String p, LdmTopology t) {
        long w = t.clipWidth();
        add(p + "embeddings.token_embedding.weight", t.vocab(), w);
        add(p + "embeddings.position_embedding.weight", t.positions(), w);
        out.add(new SafetensorsWriter.TensorSpec(p + "embeddings.position_ids", StoredDType.I64,
                new long[] {1, t.positions()}));
        for (int i = 0; i < t.clipLayers(); i++) {
            String l = p + "encoder.layers." + i;
            for (String proj : new String[] {"k_proj", "v_proj", "q_proj", "out_proj"}) {
                weightBias(l + ".self_attn." + proj, w, w);
            }
            norm(l + ".layer_norm1", w);
            weightBias(l + ".mlp.fc1", t.clipMlp(), w);
            weightBias(l + ".mlp.fc2", w, t.clipMlp());
            norm(l + ".layer_norm2", w);
        }
        norm(p + "final_layer_norm", w);
    }
}
