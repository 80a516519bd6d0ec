package dev.sdwebui.nn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SD 1.5 single-file key set with its shapes (v1-inference.yaml: UNet model_channels 320,
 * channel_mult [1,2,4,4], 2 res blocks, attention at ds 1/2/4, context 768; VAE ch 128,
 * ch_mult [1,2,4,4]; CLIP ViT-L/14 text: 768 wide, 12 layers, MLP 3072), enumerated the way the
 * LDM constructors create their modules. The float keys are listed here; the int64 position_ids,
 * schedule buffers and model_ema scalars separately in {@link #extras()}.
 */
final class Sd15KeySet {

    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    private Sd15KeySet() {
    }

    /** UNet + VAE + CLIP float tensors. */
    static Map<String, long[]> all() {
        Sd15KeySet k = new Sd15KeySet();
        k.unet("model.diffusion_model.");
        k.vae("first_stage_model.");
        k.clip("cond_stage_model.transformer.text_model.");
        return k.shapes;
    }

    static Map<String, long[]> unetOnly() {
        Sd15KeySet k = new Sd15KeySet();
        k.unet("model.diffusion_model.");
        return k.shapes;
    }

    /** Keys a real checkpoint carries that no block uses, with their shapes (all [1000] or scalars). */
    static Map<String, long[]> extras() {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (String b : new String[] {"betas", "alphas_cumprod", "alphas_cumprod_prev", "sqrt_alphas_cumprod",
            "sqrt_one_minus_alphas_cumprod", "log_one_minus_alphas_cumprod", "sqrt_recip_alphas_cumprod",
            "sqrt_recipm1_alphas_cumprod", "posterior_variance", "posterior_log_variance_clipped",
            "posterior_mean_coef1", "posterior_mean_coef2"}) {
            m.put(b, new long[] {1000});
        }
        m.put("model_ema.decay", new long[] {});
        m.put("model_ema.num_updates", new long[] {});
        return m;
    }

    private void put(String key, long... shape) {
        shapes.put(key, shape);
    }

    private void wb(String p, long... wShape) {
        put(p + "weight", wShape);
        put(p + "bias", wShape[0]);
    }

    private void norm(String p, long c) {
        put(p + "weight", c);
        put(p + "bias", c);
    }

    private void unet(String p) {
        long mc = 320;
        long[] mult = {1, 2, 4, 4};
        wb(p + "time_embed.0.", 4 * mc, mc);
        wb(p + "time_embed.2.", 4 * mc, 4 * mc);
        wb(p + "input_blocks.0.0.", mc, 4, 3, 3);
        java.util.List<Long> chans = new java.util.ArrayList<>(java.util.List.of(mc));
        long ch = mc;
        int b = 1;
        for (int level = 0; level < mult.length; level++) {
            for (int r = 0; r < 2; r++) {
                res(p + "input_blocks." + b + ".0.", ch, mult[level] * mc);
                ch = mult[level] * mc;
                if (level < 3) {
                    st(p + "input_blocks." + b + ".1.", ch);
                }
                chans.add(ch);
                b++;
            }
            if (level < 3) {
                wb(p + "input_blocks." + b + ".0.op.", ch, ch, 3, 3);
                chans.add(ch);
                b++;
            }
        }
        res(p + "middle_block.0.", ch, ch);
        st(p + "middle_block.1.", ch);
        res(p + "middle_block.2.", ch, ch);
        int o = 0;
        for (int level = 3; level >= 0; level--) {
            for (int r = 0; r < 3; r++) {
                long skip = chans.remove(chans.size() - 1);
                res(p + "output_blocks." + o + ".0.", ch + skip, mult[level] * mc);
                ch = mult[level] * mc;
                int idx = 1;
                if (level < 3) {
                    st(p + "output_blocks." + o + ".1.", ch);
                    idx = 2;
                }
                if (level > 0 && r == 2) {
                    wb(p + "output_blocks." + o + "." + idx + ".conv.", ch, ch, 3, 3);
                }
                o++;
            }
        }
        norm(p + "out.0.", mc);
        wb(p + "out.2.", 4, mc, 3, 3);
    }

    private void res(String p, long cin, long cout) {
        norm(p + "in_layers.0.", cin);
        wb(p + "in_layers.2.", cout, cin, 3, 3);
        wb(p + "emb_layers.1.", cout, 1280);
        norm(p + "out_layers.0.", cout);
        wb(p + "out_layers.3.", cout, cout, 3, 3);
        if (cin != cout) {
            wb(p + "skip_connection.", cout, cin, 1, 1);
        }
    }

    private void st(String p, long c) {
        norm(p + "norm.", c);
        wb(p + "proj_in.", c, c, 1, 1);
        String t = p + "transformer_blocks.0.";
        for (String a : new String[] {"attn1.", "attn2."}) {
            long kv = a.equals("attn1.") ? c : 768;
            put(t + a + "to_q.weight", c, c);
            put(t + a + "to_k.weight", c, kv);
            put(t + a + "to_v.weight", c, kv);
            wb(t + a + "to_out.0.", c, c);
        }
        wb(t + "ff.net.0.proj.", 8 * c, c);
        wb(t + "ff.net.2.", c, 4 * c);
        for (int i = 1; i <= 3; i++) {
            norm(t + "norm" + i + ".", c);
        }
        wb(p + "proj_out.", c, c, 1, 1);
    }

    private void vae(String p) {
        long ch = 128;
        long[] mult = {1, 2, 4, 4};
        wb(p + "encoder.conv_in.", ch, 3, 3, 3);
        long bin = ch;
        for (int i = 0; i < 4; i++) {
            long bout = ch * mult[i];
            for (int j = 0; j < 2; j++) {
                vres(p + "encoder.down." + i + ".block." + j + ".", bin, bout);
                bin = bout;
            }
            if (i < 3) {
                wb(p + "encoder.down." + i + ".downsample.conv.", bin, bin, 3, 3);
            }
        }
        mid(p + "encoder.mid.", bin);
        norm(p + "encoder.norm_out.", bin);
        wb(p + "encoder.conv_out.", 8, bin, 3, 3);
        wb(p + "quant_conv.", 8, 8, 1, 1);
        wb(p + "post_quant_conv.", 4, 4, 1, 1);
        bin = ch * mult[3];
        wb(p + "decoder.conv_in.", bin, 4, 3, 3);
        mid(p + "decoder.mid.", bin);
        for (int i = 3; i >= 0; i--) {
            long bout = ch * mult[i];
            for (int j = 0; j < 3; j++) {
                vres(p + "decoder.up." + i + ".block." + j + ".", bin, bout);
                bin = bout;
            }
            if (i > 0) {
                wb(p + "decoder.up." + i + ".upsample.conv.", bin, bin, 3, 3);
            }
        }
        norm(p + "decoder.norm_out.", bin);
        wb(p + "decoder.conv_out.", 3, bin, 3, 3);
    }

    private void vres(String p, long cin, long cout) {
        norm(p + "norm1.", cin);
        wb(p + "conv1.", cout, cin, 3, 3);
        norm(p + "norm2.", cout);
        wb(p + "conv2.", cout, cout, 3, 3);
        if (cin != cout) {
            wb(p + "nin_shortcut.", cout, cin, 1, 1);
        }
    }

    private void mid(String p, long c) {
        vres(p + "block_1.", c, c);
        norm(p + "attn_1.norm.", c);
        for (String s : new String[] {"q.", "k.", "v.", "proj_out."}) {
            wb(p + "attn_1." + s, c, c, 1, 1);
        }
        vres(p + "block_2.", c, c);
    }

    private void clip(String p) {
        put(p + "embeddings.token_embedding.weight", 49408, 768);
        put(p + "embeddings.position_embedding.weight", 77, 768);
        for (int i = 0; i < 12; i++) {
            String l = p + "encoder.layers." + i + ".";
            for (String s : new String[] {"q_proj.", "k_proj.", "v_proj.", "out_proj."}) {
                wb(l + "self_attn." + s, 768, 768);
            }
            norm(l + "layer_norm1.", 768);
            norm(l + "layer_norm2.", 768);
            wb(l + "mlp.fc1.", 3072, 768);
            wb(l + "mlp.fc2.", 768, 3072);
        }
        norm(p + "final_layer_norm.", 768);
    }
}
