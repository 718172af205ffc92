package main
import ("bytes";"fmt";"os";"crypto/sha1";"vanthu/internal/testgen")
func main(){ b,_:=os.ReadFile(os.Args[1]); src:=string(b); if bytes.HasPrefix(b,[]byte("#formats")){ i:=bytes.IndexByte(b,'\n'); src=string(b[i+1:])}
 l,_:=testgen.ParseLayout(src)
 seen:=map[[20]byte]int{}
 for i:=0;i<40;i++{ a,_:=testgen.PDF(l); seen[sha1.Sum(a)]++ }
 fmt.Println(len(seen), seen)
 // find runes
 runes:=map[rune]bool{}; for _,r:=range l.Text(){runes[r]=true}
 var rs []rune; for r:=range runes{ if r>127 || r==' ' || r=='-' {rs=append(rs,r)} }
 for _,r:=range rs{ for _,q:=range rs{ if r<q { l2:=&testgen.Layout{Body:[]string{string(r)+string(q)+string(r)+string(q)}}; h:=map[[20]byte]bool{}; for k:=0;k<12;k++{a,_:=testgen.PDF(l2);h[sha1.Sum(a)]=true}; if len(h)>1 {fmt.Printf("collide %U %U\n",r,q)} } } }
}
