package dev.sdwebui.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdwebui.model.network.HypernetworkRegistry;
import dev.sdwebui.model.network.NetworkOnDisk;
import dev.sdwebui.model.network.NetworkRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/** Extra-network listings: loras, refresh-loras (Lora extension) and hypernetworks. */
@SdApiController
class ExtraNetworksController {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final NetworkRegistry loras;
    private final HypernetworkRegistry hypernetworks;

    ExtraNetworksController(NetworkRegistry loras, HypernetworkRegistry hypernetworks) {
        this.loras = loras;
        this.hypernetworks = hypernetworks;
    }

    @GetMapping("/loras")
    List<LoraItem> loras() {
        return loras.all().stream().map(ExtraNetworksController::item).toList();
    }

    /** Rescans the Lora folders; A1111 answers {@code null}. */
    @PostMapping("/refresh-loras")
    org.springframework.http.ResponseEntity<String> refreshLoras() {
        loras.refresh();
        return org.springframework.http.ResponseEntity.ok()
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).body("null");
    }

    /** Ref: A1111 api.py get_hypernetworks (the list as of start-up or the last refresh of the UI). */
    @GetMapping("/hypernetworks")
    List<HypernetworkItem> hypernetworks() {
        hypernetworks.refresh();
        return hypernetworks.all().entrySet().stream()
                .map(e -> new HypernetworkItem(e.getKey(), e.getValue().toString())).toList();
    }

    static LoraItem item(NetworkOnDisk n) {
        Map<String, Object> meta = new LinkedHashMap<>();
        n.metadata().forEach((k, v) -> meta.put(k, parsed(v)));
        return new LoraItem(n.name(), n.alias(), n.path().toString(), meta);
    }

    /** Ref: sd_models.read_metadata_from_safetensors: a value starting with '{' is parsed when it is JSON. */
    private static Object parsed(String v) {
        if (v != null && v.startsWith("{")) {
            try {
                return JSON.readValue(v, Object.class);
            } catch (java.io.IOException e) {
                return v;
            }
        }
        return v;
    }
}
