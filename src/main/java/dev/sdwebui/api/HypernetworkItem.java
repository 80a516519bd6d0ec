package dev.sdwebui.api;

/** A1111's {@code HypernetworkItem}: one entry of GET /sdapi/v1/hypernetworks. */
public record HypernetworkItem(String name, String path) {
}
