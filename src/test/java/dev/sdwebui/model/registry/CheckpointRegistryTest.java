package dev.sdwebui.model.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointRegistryTest {

    @TempDir
    Path tmp;

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private Path write(Path p, byte[] content) throws Exception {
        Files.createDirectories(p.getParent());
        return Files.write(p, content);
    }

    @Test
    void listsRecursivelyWithA1111TitlesAndCachesHashes() throws Exception {
        Path dir = tmp.resolve("models/Stable-diffusion");
        byte[] a = "fake safetensors A".getBytes(StandardCharsets.UTF_8);
        write(dir.resolve("a.safetensors"), a);
        write(dir.resolve("sub/b.ckpt"), new byte[] {1, 2, 3});
        write(dir.resolve("sub/b.yaml"), new byte[] {});
        write(dir.resolve("notes.txt"), new byte[] {});
        write(dir.resolve(".hidden/c.safetensors"), new byte[] {});
        Path cacheFile = tmp.resolve("cache.json");
        CheckpointRegistry reg = new CheckpointRegistry(List.of(dir), null, new HashCache(cacheFile), true, () -> null);

        List<CheckpointInfo> list = reg.refresh();
        assertThat(list).extracting(CheckpointInfo::name).containsExactly("a.safetensors", "sub/b.ckpt");
        assertThat(list.get(0).sha256()).as("not hashed before computeMissingHashes").isNull();
        assertThat(list.get(1).modelName()).isEqualTo("sub_b");
        assertThat(list.get(1).config()).isEqualTo(dir.resolve("sub/b.yaml"));

        reg.computeMissingHashes();
        CheckpointInfo ca = reg.find("a.safetensors").orElseThrow();
        assertThat(ca.sha256()).isEqualTo(sha(a));
        assertThat(ca.title()).isEqualTo("a.safetensors [" + sha(a).substring(0, 10) + "]");
        assertThat(reg.find(sha(a).substring(0, 10))).contains(ca);
        assertThat(reg.find("a")).contains(ca);
        assertThat(Files.readString(cacheFile)).contains("\"hashes\"").contains("checkpoint/a.safetensors").contains(sha(a));

        // A new registry reads the hash from cache.json: prove it by planting a different value there.
        String planted = "f".repeat(64);
        new HashCache(cacheFile).put("checkpoint/a.safetensors", dir.resolve("a.safetensors"), planted);
        CheckpointRegistry again = new CheckpointRegistry(List.of(dir), null, new HashCache(cacheFile), true, () -> null);
        assertThat(again.refresh().get(0).sha256()).isEqualTo(planted);

        // A newer mtime invalidates the cached entry.
        Files.setLastModifiedTime(dir.resolve("a.safetensors"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        CheckpointRegistry stale = new CheckpointRegistry(List.of(dir), null, new HashCache(cacheFile), true, () -> null);
        assertThat(stale.refresh().get(0).sha256()).isNull();
        stale.computeMissingHashes();
        assertThat(stale.list().get(0).sha256()).isEqualTo(sha(a));
    }

    @Test
    void noHashingLeavesHashesOut() throws Exception {
        Path dir = tmp.resolve("ckpts");
        write(dir.resolve("x.safetensors"), new byte[] {9});
        CheckpointRegistry reg = new CheckpointRegistry(List.of(dir), null, new HashCache(tmp.resolve("c.json")), false, () -> null);
        reg.refresh();
        reg.computeMissingHashes();
        assertThat(reg.list().get(0).sha256()).isNull();
        assertThat(reg.list().get(0).title()).isEqualTo("x.safetensors");
        assertThat(Files.exists(tmp.resolve("c.json"))).isFalse();
    }

    @Test
    void explicitCkptIsListedAndSelected() throws Exception {
        Path dir = tmp.resolve("models");
        write(dir.resolve("a.safetensors"), new byte[] {1});
        Path other = write(tmp.resolve("elsewhere/z.safetensors"), new byte[] {2});
        CheckpointRegistry reg = new CheckpointRegistry(List.of(dir), other, new HashCache(tmp.resolve("c.json")), false, () -> "a.safetensors");
        reg.refresh();
        assertThat(reg.list()).extracting(CheckpointInfo::name).contains("z.safetensors", "a.safetensors");
        assertThat(reg.selected().orElseThrow().filename()).isEqualTo(other);
        CheckpointRegistry bySetting = new CheckpointRegistry(List.of(dir), null, new HashCache(tmp.resolve("c.json")), false, () -> "a");
        bySetting.refresh();
        assertThat(bySetting.selected().orElseThrow().name()).isEqualTo("a.safetensors");
        assertThat(new CheckpointRegistry(List.of(tmp.resolve("none")), null, new HashCache(tmp.resolve("c.json")), true, () -> null)
                .emptyMessage()).contains("no checkpoint found in").contains("--ckpt");
    }

    @Test
    void legacyHashReadsSixtyFourKibAtOneMib() throws Exception {
        byte[] big = new byte[0x100000 + 0x20000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Path f = write(tmp.resolve("big.ckpt"), big);
        byte[] slice = java.util.Arrays.copyOfRange(big, 0x100000, 0x110000);
        assertThat(FileHashes.legacyModelHash(f)).isEqualTo(sha(slice).substring(0, 8));
        Path small = write(tmp.resolve("small.ckpt"), new byte[10]);
        assertThat(FileHashes.legacyModelHash(small)).isEqualTo(sha(new byte[0]).substring(0, 8));
        assertThat(FileHashes.legacyModelHash(tmp.resolve("missing"))).isEqualTo("NOFILE");
    }

    @Test
    void vaesFromFolderAndNextToCheckpoints() throws Exception {
        Path vae = tmp.resolve("models/VAE");
        Path ck = tmp.resolve("models/Stable-diffusion");
        write(vae.resolve("v.safetensors"), new byte[] {1});
        write(ck.resolve("m.vae.pt"), new byte[] {2});
        write(ck.resolve("m.safetensors"), new byte[] {3});
        VaeRegistry reg = new VaeRegistry(List.of(vae), List.of(ck), null, new HashCache(tmp.resolve("c.json")), true);
        reg.refresh();
        reg.computeMissingHashes();
        assertThat(reg.list()).extracting(VaeInfo::modelName).containsExactly("m.vae.pt", "v.safetensors");
        assertThat(reg.find("v.safetensors").orElseThrow().sha256()).isEqualTo(sha(new byte[] {1}));
    }
}
