package io.iotdm.images;

/** The whole "service" of {@link ImagesTest}'s image: proves that the entrypoint's java runs its jar. */
public final class HelloFromTheImage {

    public static void main(String[] args) {
        System.out.println("hello from the image, user " + System.getProperty("user.name") + ", java "
                + Runtime.version().feature());
    }
}
