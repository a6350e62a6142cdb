-- Reading a Word file into Accord's Markdown: what pandoc's writer would otherwise keep
-- of Word's layout. Column widths make pandoc write grid tables; Accord's texts use pipe
-- tables, which the renderer sizes to their content. Image sizes and the attributes of
-- spans and divs are Word's page layout, not the text.

function Table(tbl)
  for i, spec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { spec[1], pandoc.ColWidthDefault }
  end
  return tbl
end

function Image(img)
  img.attr = pandoc.Attr()
  return img
end

function Span(span)
  return span.content
end

function Div(div)
  return div.content
end

-- Word writes every list item as its own paragraph, which pandoc reads as a loose
-- list (a blank line between items); an item of one paragraph is a tight one.
local function tighten(list)
  for _, item in ipairs(list.content) do
    if #item == 1 and item[1].t == "Para" then
      item[1] = pandoc.Plain(item[1].content)
    end
  end
  return list
end

BulletList = tighten
OrderedList = tighten
