import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "."

// Today's appointments: Up/Down move, Enter opens the case; a click opens it too.
Rectangle {
    id: panel
    required property QtObject todayVm
    color: CounterStyle.surface
    border.color: CounterStyle.border

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: CounterStyle.margin
        spacing: CounterStyle.spacing

        RowLayout {
            Layout.fillWidth: true
            Heading {
                text: qsTr("Today's appointments") + " (" + panel.todayVm.count + ")"
                Layout.fillWidth: true
            }
            ActionButton {
                objectName: "refresh_today"
                text: qsTr("Refresh (F5)")
                implicitHeight: 34
                onClicked: panel.todayVm.refresh()
            }
        }
        Notice { Layout.fillWidth: true; text: panel.todayVm.message }
        DeskText {
            visible: panel.todayVm.count === 0
            text: qsTr("No appointments today for your services.")
            color: CounterStyle.textMuted
        }
        ListView {
            id: list
            objectName: "today_list"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 4
            model: panel.todayVm.rows
            keyNavigationEnabled: true
            activeFocusOnTab: true
            highlightFollowsCurrentItem: true
            ScrollBar.vertical: ScrollBar {}
            Keys.onReturnPressed: panel.todayVm.openRow(currentIndex)
            Keys.onEnterPressed: panel.todayVm.openRow(currentIndex)
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Today's appointments")

            delegate: Rectangle {
                id: row
                required property var modelData
                required property int index
                objectName: "today_row_" + index
                width: ListView.view.width
                height: 64
                radius: CounterStyle.radius
                readonly property bool current: ListView.isCurrentItem && list.activeFocus
                color: modelData.checkedIn ? "#EAF4EC" : (modelData.noShow ? "#F1F1F1" : CounterStyle.background)
                border.width: current ? CounterStyle.focusWidth : 1
                border.color: current ? CounterStyle.focus : CounterStyle.border
                Accessible.role: Accessible.ListItem
                Accessible.name: modelData.time + " " + modelData.service + " " + modelData.masked

                MouseArea {
                    anchors.fill: parent
                    onClicked: { list.currentIndex = row.index; panel.todayVm.openRow(row.index) }
                }
                RowLayout {
                    anchors.fill: parent
                    anchors.leftMargin: 12
                    anchors.rightMargin: 12
                    spacing: CounterStyle.spacing
                    DeskText {
                        text: row.modelData.time
                        font.weight: Font.Bold
                        Layout.preferredWidth: 64
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        DeskText {
                            text: row.modelData.service
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                            wrapMode: Text.NoWrap
                        }
                        DeskText {
                            // Case numbers read left to right in every language.
                            text: row.modelData.masked + " · " + row.modelData.status
                            font.pixelSize: CounterStyle.small
                            color: CounterStyle.textMuted
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                            wrapMode: Text.NoWrap
                        }
                    }
                    DeskText {
                        text: row.modelData.state + (row.modelData.pending ? " ⋯" : "")
                        font.pixelSize: CounterStyle.small
                        font.weight: Font.DemiBold
                        color: row.modelData.checkedIn ? CounterStyle.good : CounterStyle.textMuted
                    }
                }
            }
        }
    }
}
