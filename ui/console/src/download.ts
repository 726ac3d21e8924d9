/**
 * Saves `text` as a file called `name` among the browser's downloads, as a link to it would: for what the console
 * fetched itself (a POST's answer), which no plain link can ask for. The object URL is let go once clicked.
 */
export const saveFile = (name: string, text: string, type = 'application/json'): void => {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
};
