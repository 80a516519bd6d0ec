package dev.sdwebui.config.styles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StylesStoreTest {

    @TempDir
    Path tmp;

    @Test
    void roundTripWithQuotesCommasAndNewlines() throws Exception {
        Path f = tmp.resolve("styles.csv");
        StylesStore s = new StylesStore(List.of(f));
        assertThat(s.list()).isEmpty();
        s.put(new PromptStyle("photo", "{prompt}, 35mm, \"sharp\"", "blurry,\nlow quality"));
        s.put(new PromptStyle("plain", "oil painting", ""));
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertThat(text).startsWith("name,prompt,negative_prompt\r\n")
                .contains("photo,\"{prompt}, 35mm, \"\"sharp\"\"\",\"blurry,\nlow quality\"\r\n")
                .contains("plain,oil painting,\r\n");
        StylesStore again = new StylesStore(List.of(f));
        assertThat(again.list()).containsExactly(new PromptStyle("photo", "{prompt}, 35mm, \"sharp\"", "blurry,\nlow quality"),
                new PromptStyle("plain", "oil painting", ""));
        assertThat(again.delete("plain")).isTrue();
        assertThat(new StylesStore(List.of(f)).list()).hasSize(1);
    }

    @Test
    void severalFilesAndA1111Quirks() throws Exception {
        Path a = Files.writeString(tmp.resolve("a.csv"), "\uFEFFname,prompt,negative_prompt,extra\nx,p1,n1,zz\n");
        Path b = Files.writeString(tmp.resolve("b.csv"), "prompt,name\np2,y\npx,x\n");
        StylesStore s = new StylesStore(List.of(a, b, tmp.resolve("missing.csv")));
        assertThat(s.list()).containsExactly(new PromptStyle("x", "p1", "n1"), new PromptStyle("y", "p2", ""));
    }
}
