package dev.sdwebui;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point: `java -jar target/sd-webui.jar [A1111 launch flags]`. */
@SpringBootApplication
public class SdWebuiApplication {

    public static void main(String[] args) {
        SpringApplication.run(SdWebuiApplication.class, args);
    }
}
