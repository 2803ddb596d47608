import { get } from "./api.js";
import { el, show } from "./dom.js";

// The state browser: each node is fetched when it is opened, one level and one page at a time
// (GET api/state/node), so a large state is never downloaded whole.
const pageSize = 100;

const countNouns = { record: "field", tagged: "field", list: "item", dict: "entry" };

function kindText(item) {
  const kind = item.kind === "tagged" ? `tagged ${item.tag}` : item.kind;
  if (item.count == null) return kind;
  const noun = countNouns[item.kind] ?? "child";
  return `${kind} · ${item.count} ${item.count === 1 ? noun : noun === "entry" ? "entries" : noun + "s"}`;
}

function fetchNode(path, offset) {
  return get(`api/state/node?path=${encodeURIComponent(path)}&offset=${offset}&limit=${pageSize}`);
}

export function createStateBrowser(tree, error) {
  function item(child) {
    const expandable = child.count > 0;
    const li = el("li", { role: "treeitem", "data-path": child.path, "aria-expanded": expandable ? "false" : null });
    const toggle = el("button", { type: "button", class: "toggle", "aria-label": "expand " + child.path, disabled: !expandable }, "▸");
    li.append(el("div", { class: "node-row" },
      toggle,
      el("span", { class: "node-label mono" }, child.label),
      el("span", { class: "node-kind" }, kindText(child)),
      child.preview ? el("span", { class: "node-preview mono", title: child.preview }, child.preview) : null));
    let children = null;
    toggle.addEventListener("click", async () => {
      if (children) {
        children.hidden = !children.hidden;
        li.setAttribute("aria-expanded", String(!children.hidden));
        toggle.textContent = children.hidden ? "▸" : "▾";
        return;
      }
      toggle.disabled = true;
      try {
        children = el("ul", { role: "group" });
        await loadPage(child.path, 0, children);
        li.append(children);
        li.setAttribute("aria-expanded", "true");
        toggle.textContent = "▾";
      } catch (e) {
        children = null;
        show(error, e.message);
      } finally {
        toggle.disabled = false;
      }
    });
    return li;
  }

  async function loadPage(path, offset, list) {
    const node = await fetchNode(path, offset);
    list.append(...node.children.map(item));
    const shown = node.offset + node.children.length;
    if (node.count > shown) {
      const more = el("li", { class: "more" }, el("button", {
        type: "button", class: "quiet",
        onclick: async () => {
          more.remove();
          try { await loadPage(path, shown, list); } catch (e) { show(error, e.message); }
        },
      }, `Show ${Math.min(pageSize, node.count - shown)} more (${node.count - shown} not shown)`));
      list.append(more);
    }
  }

  // Opens a path (the root, or one pasted from a report) as the top of the tree, expanded one level.
  async function open(path) {
    show(error, "");
    try {
      const node = await fetchNode(path, 0);
      const top = item({ label: node.path, path: node.path, kind: node.kind, tag: node.tag, count: node.count, preview: node.value });
      tree.replaceChildren(top);
      if (node.count > 0) top.querySelector(".toggle").click();
    } catch (e) {
      tree.replaceChildren();
      show(error, e.message);
    }
  }

  return { open };
}
