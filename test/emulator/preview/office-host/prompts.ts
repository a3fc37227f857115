/**
 * The host page's own prompts — where Excel, not the add-in, asks the user something: before opening an
 * Office dialog on the web ("… wants to display a new window", Allow / Ignore), and before its nested
 * app auth broker signs the add-in in (Continue / Cancel). Drawn over the workbook, in the host page's
 * document, which the add-in's pane (another site) cannot reach. One modal at a time; each resolves
 * with the button chosen.
 */

export interface PromptButton<T> {
  label: string;
  value: T;
}

export interface PromptOptions<T> {
  title: string;
  /** Paragraphs of text (no markup). */
  lines: string[];
  buttons: PromptButton<T>[];
  /** A login field (the Office user to sign in), whose value goes with a button's value. */
  loginField?: { label: string; value?: string };
}

export interface PromptAnswer<T> {
  value: T;
  login?: string;
}

let queue: Promise<unknown> = Promise.resolve();
let count = 0;

/** Shows a modal in `layer` (after any one already showing) and resolves with the user's choice. */
export function prompt<T>(layer: HTMLElement, options: PromptOptions<T>): Promise<PromptAnswer<T>> {
  const shown = queue.then(() => show(layer, options));
  queue = shown.catch(() => undefined);
  return shown;
}

function show<T>(layer: HTMLElement, options: PromptOptions<T>): Promise<PromptAnswer<T>> {
  const id = `host-prompt-${++count}`;
  const box = document.createElement("div");
  box.className = "prompt";
  box.setAttribute("role", "dialog");
  box.setAttribute("aria-modal", "true");
  box.setAttribute("aria-labelledby", `${id}-title`);
  const title = document.createElement("h2");
  title.id = `${id}-title`;
  title.textContent = options.title;
  box.append(title);
  for (const line of options.lines) {
    const p = document.createElement("p");
    p.textContent = line;
    box.append(p);
  }
  let input: HTMLInputElement | undefined;
  if (options.loginField) {
    const label = document.createElement("label");
    label.htmlFor = `${id}-login`;
    label.textContent = options.loginField.label;
    input = document.createElement("input");
    input.id = `${id}-login`;
    input.type = "email";
    input.autocomplete = "username";
    input.value = options.loginField.value ?? "";
    box.append(label, input);
  }
  const actions = document.createElement("div");
  actions.className = "actions";
  box.append(actions);
  layer.hidden = false;
  layer.append(box);
  return new Promise((resolve) => {
    for (const button of options.buttons) {
      const element = document.createElement("button");
      element.type = "button";
      element.textContent = button.label;
      element.addEventListener("click", () => {
        box.remove();
        layer.hidden = layer.childElementCount === 0;
        resolve({ value: button.value, ...(input ? { login: input.value.trim() } : {}) });
      });
      actions.append(element);
    }
    (input ?? actions.querySelector("button"))?.focus();
  });
}
