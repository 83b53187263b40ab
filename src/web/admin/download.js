// Downloads that need the staff token: a link cannot send an `authorization` header, so
// the file is fetched, held as a Blob and handed to the browser as an object URL.

export async function download(path, token, fallbackName) {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) {
    const data = await res.json().catch(() => ({}));
    throw new Error(data.message || `the server answered ${res.status}`);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has the file once the click is handled; the URL is no longer needed after.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
