package dev.sdwebui.pipeline;

/** A request named a sampler that does not exist (A1111's API: 400 "Sampler not found"). */
public class SamplerNotFoundException extends IllegalArgumentException {

    public SamplerNotFoundException(String name) {
        super("Sampler not found: " + name);
    }
}
