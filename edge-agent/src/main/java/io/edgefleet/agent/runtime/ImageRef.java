package io.edgefleet.agent.runtime;

/**
 * An image reference split the way the engine's pull API wants it: repository and tag (or digest).
 *
 * @param repository e.g. {@code reg.example:5000/team/app}
 * @param tag        e.g. {@code 1.2} or {@code sha256:...}; {@code latest} when the reference names none
 */
record ImageRef(String repository, String tag) {

    static ImageRef parse(String image) {
        int at = image.indexOf('@');
        if (at >= 0) {
            return new ImageRef(image.substring(0, at), image.substring(at + 1));
        }
        int colon = image.lastIndexOf(':');
        if (colon > image.lastIndexOf('/')) {
            return new ImageRef(image.substring(0, colon), image.substring(colon + 1));
        }
        // without a tag the engine would pull every tag of the repository
        return new ImageRef(image, "latest");
    }
}
