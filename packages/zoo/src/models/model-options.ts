/** Options every architecture builder takes (`build<Arch>(options)`). */
export interface ModelBuildOptions {
  /** Input shape without the batch axis, NHWC: [height, width, channels]. */
  inputShape: [number, number, number];
  /** Number of output classes; the head outputs logits (no softmax). */
  numClasses: number;
  /** Model name (defaults to the architecture's Keras name). */
  name?: string;
}
