-- book.lua - pandoc filter of `make book` (chapters/book.sh): every figure
-- gets a numbered caption, "Figure 3. ..." or "图 3 ...", and inline code
-- wraps only at its spaces.
--
-- A figure is an image standing alone in its paragraph, also inside a list
-- item (pandoc's own implicit figures miss those: a tight list's items are
-- Plain, not Para). Its alt text becomes the caption, after the word from
-- the metadata field figure-word and the figure's number, counted through
-- the whole book in reading order. An image inside a sentence stays as it is.
-- Pandoc 2.17 (Debian 12) has no Figure element: a paragraph holding one
-- image whose title starts with "fig:" is what its HTML writer turns into
-- <figure> with a <figcaption>.

local function lone_image(inlines)
  local image = nil
  for _, el in ipairs(inlines) do
    if el.t == "Image" and image == nil then
      image = el
    elseif el.t ~= "Space" and el.t ~= "SoftBreak" and el.t ~= "LineBreak" then
      return nil
    end
  end
  return image
end

-- Inline code such as an error message, "X[0][2]: expected -0.7568024953,
-- got ...", may wrap at its spaces but not inside a token (a browser breaks
-- after "-" or between "][" when it must): each word goes in a
-- <span class="w">, which book.css keeps whole. Words with CJK stay as they
-- are (any break between CJK characters is fine), and so does code with a
-- class or an id (highlighted by pandoc).
local function escape(s)
  return (s:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"))
end

local function code_words(el)
  if #el.classes > 0 or el.identifier ~= "" or #el.attributes > 0 then
    return nil
  end
  local out = {}
  for space, word in el.text:gmatch("(%s*)(%S+)") do
    if space ~= "" then table.insert(out, " ") end
    if word:find("[\227-\233]") then -- a UTF-8 lead byte of U+3000-U+9FFF: CJK
      table.insert(out, escape(word))
    else
      table.insert(out, '<span class="w">' .. escape(word) .. "</span>")
    end
  end
  if el.text:match("%s$") then table.insert(out, " ") end
  return pandoc.RawInline("html", "<code>" .. table.concat(out) .. "</code>")
end

function Pandoc(doc)
  local word = doc.meta["figure-word"] and pandoc.utils.stringify(doc.meta["figure-word"]) or "Figure"
  -- Chinese numbers its figures without a space before the caption's full stop.
  local cjk = word:find("[\128-\255]") ~= nil
  local n = 0
  local function figure(block)
    local image = lone_image(block.content)
    if image == nil then
      return nil
    end
    n = n + 1
    local label = cjk and (word .. " " .. n .. "　") or (word .. " " .. n .. ". ")
    local caption = { pandoc.Span({ pandoc.Str(label) }, { class = "figure-number" }) }
    for _, el in ipairs(image.caption) do
      table.insert(caption, el)
    end
    image.caption = caption
    image.title = "fig:" .. (image.title or ""):gsub("^fig:", "")
    image.attr.identifier = image.attr.identifier ~= "" and image.attr.identifier or ("figure-" .. n)
    return pandoc.Para({ image })
  end
  doc.blocks = pandoc.Div(doc.blocks):walk({ Para = figure, Plain = figure, Code = code_words }).content
  return doc
end
